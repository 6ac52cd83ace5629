namespace PushExporter.Tests.Configuration;

/// <summary>Paths of the fixture files copied next to the test assembly.</summary>
internal static class Fixture
{
    public static string Directory { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Configuration", "Fixtures");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Directory, .. parts]);
}
