using PushExporter.LoadHarness;

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
var exporterDll = options.Exporter ?? LoadRun.DefaultExporterPath();
if (!File.Exists(exporterDll))
{
    Console.Error.WriteLine($"{exporterDll} not found: dotnet build -c Release src/PushExporter");
    return 2;
}

await using var edge = await EdgeKamailio.StartAsync(options.TcpChildren);
var run = new LoadRun(options, exporterDll, edge);
await run.RunAsync();
return 0;
