using PushExporter.LoadHarness;
using PushExporter.Testing;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(HarnessOptions.Usage);
    return 0;
}

if (args is ["soak", .. var soakArgs])
{
    return await SoakCommand.RunAsync(soakArgs);
}

var options = HarnessOptions.Parse(args);
var exporter = options.Exporter ?? LoadRun.DefaultExporterPath();
if (!File.Exists(exporter))
{
    Console.Error.WriteLine($"{exporter} not found: dotnet publish -c Release src/PushExporter (the native executable), or --exporter PATH");
    return 2;
}

if (options.CompareRequests > 0)
{
    // The comparison's peer is not a test peer: .ci/run does not install it.
    try
    {
        PeerProcess.Locate("prometheus-blackbox-exporter", "prometheus-blackbox-exporter");
    }
    catch (PeerException missing)
    {
        Console.Error.WriteLine($"{missing.Message} (or --compare-requests 0 to skip the /probe comparison)");
        return 2;
    }
}

await using var edge = await EdgeKamailio.StartAsync(options.TcpChildren);
var run = new LoadRun(options, exporter, edge);
await run.RunAsync();
return 0;
