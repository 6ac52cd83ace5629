namespace PushExporter.Container.Tests;

/// <summary>Paths in the repository, found from the test binary's location.</summary>
internal static class Repository
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>The directory holding PushExporter.sln.</summary>
    public static string Root => _root.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        // The test binary runs from tests/<project>/bin/<config>/<tfm>/; walk up to the solution.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PushExporter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PushExporter.sln not found above {AppContext.BaseDirectory}");
    }
}
