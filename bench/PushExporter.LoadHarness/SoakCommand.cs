using PushExporter.Testing;

namespace PushExporter.LoadHarness;

/// <summary><c>soak ...</c>: parses <see cref="SoakOptions"/>, runs <see cref="SoakRun"/>, and turns a failure into a message and exit code 1.</summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(SoakOptions.Usage);
            return 0;
        }

        var options = SoakOptions.Parse(args);
        var exporter = options.Exporter ?? LoadRun.DefaultExporterPath();
        if (!File.Exists(exporter))
        {
            Console.Error.WriteLine($"{exporter} not found: dotnet publish -c Release src/PushExporter -o DIR, then --exporter DIR/pushexporter");
            return 2;
        }

        try
        {
            return await new SoakRun(options, exporter).RunAsync();
        }
        catch (PeerException e)
        {
            Console.Error.WriteLine($"SOAK FAILED: {e.Message}");
            return 1;
        }
    }
}
