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
        var token = TestContext.Current.CancellationToken;

        Assert.True(run.ExitCode == 0, run.Describe("Export-PushConfiguration.ps1"));
        Assert.Equal(
            ["accessedge.json", "alloweddomains.json", "hostingproviders.json", "imfilter.json", "mcx.json", "pushnotification.json"],
            _share.EnumerateFiles().Select(f => f.Name).Order(StringComparer.Ordinal));

        var poolMcx = await McxConfigurationReader.ReadAsync(File("mcx.json"), "Redmond", "pool01.litwareinc.com", token);
        Assert.True(poolMcx.IsSuccess, poolMcx.Error);
        Assert.Equal(new McxEffective("Service:WebServer:pool01.litwareinc.com", "sip:push@push.lync.org"), poolMcx.Value);
        var siteMcx = await McxConfigurationReader.ReadAsync(File("mcx.json"), "Redmond", frontEndPool: null, token);
        Assert.Equal(new McxEffective("Site:Redmond", "sip:push@push.lync.net"), siteMcx.Value);
        var globalMcx = await McxConfigurationReader.ReadAsync(File("mcx.json"), null, frontEndPool: null, token);
        Assert.Equal(new McxEffective("Global", "sip:push@push.lync.com"), globalMcx.Value);

        var globalFilter = await ImFilterConfigurationReader.ReadAsync(File("imfilter.json"), "Atlanta", token);
        Assert.True(globalFilter.IsSuccess, globalFilter.Error);
        Assert.Equal(new ImFilterEffective("Global", true, ImFilterActions.Block, ["callto:", "file:", "http:", "https:"]), globalFilter.Value);
        Assert.True(globalFilter.Value.BlocksHttp);
        var siteFilter = await ImFilterConfigurationReader.ReadAsync(File("imfilter.json"), "Redmond", token);
        Assert.Equal(new ImFilterEffective("Site:Redmond", true, ImFilterActions.Warn, ["file:"]), siteFilter.Value);

        Assert.Equal(new PushNotificationEffective("Site:Redmond", Apple: true, Microsoft: false), (await PushNotificationConfigurationReader.ReadAsync(File("pushnotification.json"), "Redmond", token)).Value);
        Assert.Equal(new PushNotificationEffective("Global", Apple: false, Microsoft: false), (await PushNotificationConfigurationReader.ReadAsync(File("pushnotification.json"), null, token)).Value);
        Assert.Equal(new AccessEdgeEffective("Global", AllowFederatedUsers: true), (await AccessEdgeConfigurationReader.ReadAsync(File("accessedge.json"), "Redmond", token)).Value);
        Assert.Equal(
            [new HostingProvider("LyncOnline", "sipfed.online.lync.com", true), new HostingProvider("Fabrikam Hosting", "sip.fabrikam.com", false)],
            (await HostingProviderReader.ReadAsync(File("hostingproviders.json"), token)).Value);
        Assert.Equal([new AllowedDomain("push.lync.com", null)], (await AllowedDomainReader.ReadAsync(File("alloweddomains.json"), token)).Value);

        // Enums by name, never by their undocumented numbers.
        Assert.Contains("\"Action\": \"Block\"", ReadText("imfilter.json"), StringComparison.Ordinal);
        Assert.Contains("\"VerificationLevel\": \"AlwaysVerifiable\"", ReadText("hostingproviders.json"), StringComparison.Ordinal);
        Assert.Contains("\"RoutingMethod\": \"UseDnsSrvRouting\"", ReadText("accessedge.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_scope_is_written_as_an_object_and_no_entries_as_an_empty_array_as_ConvertTo_Json_does()
    {
        var run = await ExportAsync("single");
        var token = TestContext.Current.CancellationToken;

        Assert.True(run.ExitCode == 0, run.Describe("Export-PushConfiguration.ps1"));
        using var mcx = JsonDocument.Parse(ReadText("mcx.json"));
        Assert.Equal(JsonValueKind.Object, mcx.RootElement.ValueKind);
        Assert.Equal(new McxEffective("Global", "sip:push@push.lync.com"), (await McxConfigurationReader.ReadAsync(File("mcx.json"), "Redmond", frontEndPool: null, token)).Value);
        Assert.True((await ImFilterConfigurationReader.ReadAsync(File("imfilter.json"), null, token)).Value!.BlocksHttp);
        Assert.Equal("[]", ReadText("hostingproviders.json"));
        var providers = await HostingProviderReader.ReadAsync(File("hostingproviders.json"), token);
        Assert.True(providers.IsSuccess, providers.Error);
        Assert.Empty(providers.Value);
    }

    // What a plain Get-Cs… | ConvertTo-Json wrote before the script spelled identities and enums as text.
    [Fact]
    public async Task The_readers_also_read_a_plain_ConvertTo_Json_with_identity_objects_and_enum_numbers()
    {
        var run = await ExportAsync("raw");
        var token = TestContext.Current.CancellationToken;

        Assert.True(run.ExitCode == 0, run.Describe("LyncStubs.ps1 -Mode raw"));
        Assert.Contains("\"Action\": 1", ReadText("imfilter.json"), StringComparison.Ordinal);
        Assert.Contains("\"ScopeClass\": \"Site\"", ReadText("mcx.json"), StringComparison.Ordinal);

        Assert.Equal(new McxEffective("Service:WebServer:pool01.litwareinc.com", "sip:push@push.lync.org"), (await McxConfigurationReader.ReadAsync(File("mcx.json"), "Redmond", "pool01.litwareinc.com", token)).Value);
        Assert.Equal(new ImFilterEffective("Global", true, ImFilterActions.Block, ["callto:", "file:", "http:", "https:"]), (await ImFilterConfigurationReader.ReadAsync(File("imfilter.json"), null, token)).Value);
        Assert.Equal(new PushNotificationEffective("Site:Redmond", Apple: true, Microsoft: false), (await PushNotificationConfigurationReader.ReadAsync(File("pushnotification.json"), "Redmond", token)).Value);
        Assert.Equal(new AccessEdgeEffective("Global", AllowFederatedUsers: true), (await AccessEdgeConfigurationReader.ReadAsync(File("accessedge.json"), null, token)).Value);
        Assert.Equal(
            [new HostingProvider("LyncOnline", "sipfed.online.lync.com", true), new HostingProvider("Fabrikam Hosting", "sip.fabrikam.com", false)],
            (await HostingProviderReader.ReadAsync(File("hostingproviders.json"), token)).Value);
        Assert.Equal([new AllowedDomain("push.lync.com", null)], (await AllowedDomainReader.ReadAsync(File("alloweddomains.json"), token)).Value);
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
        Assert.True((await AccessEdgeConfigurationReader.ReadAsync(File("accessedge.json"), null, TestContext.Current.CancellationToken)).IsSuccess, "accessedge.json was not written");
        Assert.Empty(_share.EnumerateFiles("*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    private string File(string name) => Path.Combine(_share.FullName, name);

    private string ReadText(string name) => System.IO.File.ReadAllText(File(name)).Trim();

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
