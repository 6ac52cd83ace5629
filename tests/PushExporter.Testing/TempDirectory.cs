namespace PushExporter.Testing;

/// <summary>A private directory under the system temp path, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path) => Path = path;

    public string Path { get; }

    public static TempDirectory Create(string purpose) =>
        new(Directory.CreateTempSubdirectory($"pushexporter-{purpose}-").FullName);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A peer killed a moment ago may still hold a file; the OS temp cleaner gets it.
        }
        catch (UnauthorizedAccessException)
        {
            // dnsmasq drops to "nobody" and may leave files root cannot unlink in a sticky dir.
        }
    }
}
