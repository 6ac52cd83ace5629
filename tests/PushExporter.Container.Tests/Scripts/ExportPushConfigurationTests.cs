using System.Text.Json;
using PushExporter.Configuration.Lync;

namespace PushExporter.Container.Tests.Scripts;

/// <summary>
/// scripts/Export-PushConfiguration.ps1 under PowerShell 7 (the local dotnet tool of
/// .config/dotnet-tools.json) against stubbed Get-Cs* cmdlets: what it writes is what the
/// exporter's own readers accept.
/// </summary>
public sealed class ExportPushConfigurationTests : IDisposable
{
    private static readonly string _exportScript = Repository.PathOf("scripts", "Export-PushConfiguration.ps1");

    private static readonly string _stubs = Path.Combine(AppContext.BaseDirectory, "Scripts", "LyncStubs.ps1");

    private readonly DirectoryInfo _share = Directory.CreateTempSubdirectory("pushexporter-export-");

    public void Dispose() => _share.Delete(recursive: true);

    [Fact]
    public async Task Writes_every_export_and_the_exporter_reads_the_effective_scopes()
    {
        var run = await ExportAsync("sites");

        Assert.True(run.ExitCode == 0, run.Describe("Export-PushConfiguration.ps1"));
        Assert.Equal(
            ["alloweddomains.json", "hostingproviders.json", "imfilter.json", "mcx.json", "pushnotification.json"],
            _share.EnumerateFiles().Select(f => f.Name).Order(StringComparer.Ordinal));

        var siteMcx = await McxConfigurationReader.ReadAsync(File("mcx.json"), "Redmond", frontEndPool: null, TestContext.Current.CancellationToken);
        Assert.True(siteMcx.IsSuccess, siteMcx.Error);
        Assert.Equal(new McxEffective("Site:Redmond", "sip:push@push.lync.net"), siteMcx.Value);
        var globalMcx = await McxConfigurationReader.ReadAsync(File("mcx.json"), null, frontEndPool: null, TestContext.Current.CancellationToken);
        Assert.Equal(new McxEffective("Global", "sip:push@push.lync.com"), globalMcx.Value);

        var globalFilter = await ImFilterConfigurationReader.ReadAsync(File("imfilter.json"), "Atlanta", TestContext.Current.CancellationToken);
        Assert.True(globalFilter.IsSuccess, globalFilter.Error);
        Assert.Equal(new ImFilterEffective("Global", true, ImFilterActions.Block, ["callto:", "file:", "http:", "https:"]), globalFilter.Value);
        Assert.True(globalFilter.Value.BlocksHttp);
        var siteFilter = await ImFilterConfigurationReader.ReadAsync(File("imfilter.json"), "Redmond", TestContext.Current.CancellationToken);
        Assert.Equal(new ImFilterEffective("Site:Redmond", true, ImFilterActions.Warn, ["file:"]), siteFilter.Value);

        using var providers = JsonDocument.Parse(System.IO.File.ReadAllText(File("hostingproviders.json")));
        Assert.Contains(providers.RootElement.EnumerateArray(), p => p.GetProperty("ProxyFqdn").GetString() == "push.lync.com");
        using var domains = JsonDocument.Parse(System.IO.File.ReadAllText(File("alloweddomains.json")));
        Assert.Equal("push.lync.com", domains.RootElement.GetProperty("Identity").GetString());
    }

    [Fact]
    public async Task One_scope_is_written_as_an_object_as_ConvertTo_Json_does()
    {
        var run = await ExportAsync("single");

        Assert.True(run.ExitCode == 0, run.Describe("Export-PushConfiguration.ps1"));
        using var mcx = JsonDocument.Parse(System.IO.File.ReadAllText(File("mcx.json")));
        Assert.Equal(JsonValueKind.Object, mcx.RootElement.ValueKind);
        Assert.Equal(new McxEffective("Global", "sip:push@push.lync.com"), (await McxConfigurationReader.ReadAsync(File("mcx.json"), "Redmond", frontEndPool: null, TestContext.Current.CancellationToken)).Value);
        Assert.True((await ImFilterConfigurationReader.ReadAsync(File("imfilter.json"), null, TestContext.Current.CancellationToken)).Value!.BlocksHttp);
    }

    [Fact]
    public async Task Rewrites_in_place_and_a_failing_cmdlet_keeps_the_previous_file()
    {
        Assert.Equal(0, (await ExportAsync("sites")).ExitCode);
        var previousFilter = System.IO.File.ReadAllText(File("imfilter.json"));
        System.IO.File.WriteAllText(File("mcx.json"), "stale");

        var run = await ExportAsync("failing");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Get-CsImFilterConfiguration", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Equal(previousFilter, System.IO.File.ReadAllText(File("imfilter.json")));
        Assert.True((await McxConfigurationReader.ReadAsync(File("mcx.json"), null, frontEndPool: null, TestContext.Current.CancellationToken)).IsSuccess, "mcx.json was not rewritten");
        Assert.Empty(_share.EnumerateFiles("*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    private string File(string name) => Path.Combine(_share.FullName, name);

    private async Task<ToolRun> ExportAsync(string mode)
    {
        var dotnet = Tool.Locate("dotnet") ?? throw new InvalidOperationException("dotnet was not found on PATH");
        var run = await Tool.RunAsync(
            dotnet,
            ["tool", "run", "pwsh", "-NoProfile", "-NonInteractive", "-File", _stubs, "-Script", _exportScript, "-Path", _share.FullName, "-Mode", mode],
            TimeSpan.FromMinutes(2),
            TestContext.Current.CancellationToken);
        if (run.ExitCode != 0 && (run.Output + run.Error).Contains("dotnet tool restore", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"PowerShell 7 (the local tool 'pwsh') is not installed: run `dotnet tool restore` in the repository root\n{run.Error}");
        }

        return run;
    }
}
