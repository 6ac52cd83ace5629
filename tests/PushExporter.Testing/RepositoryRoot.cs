namespace PushExporter.Testing;

/// <summary>The repository a test runs from, found by walking up from the test binary to PushExporter.sln.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> _path = new(Find);

    /// <summary>The directory holding PushExporter.sln.</summary>
    public static string Path => _path.Value;

    /// <summary>A path inside the repository.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        // The test binary runs from tests/<project>/bin/<config>/<tfm>/.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "PushExporter.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"PushExporter.sln not found above {AppContext.BaseDirectory}");
    }
}
