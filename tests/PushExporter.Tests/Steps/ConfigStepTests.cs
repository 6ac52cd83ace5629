using Microsoft.Extensions.Time.Testing;
using PushExporter.Configuration;
using PushExporter.Configuration.Lync;
using PushExporter.Sip.Message;
using PushExporter.Sip.Resolution;
using PushExporter.Sip.Tracing;
using PushExporter.Steps;
using PushExporter.Testing;
using PushExporter.Tests.Configuration.Lync;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Steps;

/// <summary>
/// The config step over export folders: the six checks of PRODUCT.md's table, the first failing
/// one deciding, every failing one in the matrix, the fix naming the scope or entry that holds the
/// bad value, and exports that cannot be read reported as such, never as a Lync fault.
/// </summary>
public sealed class ConfigStepTests : IDisposable
{
    private static readonly string[] _auditChecks =
    [
        CheckLabels.ProxyUri, CheckLabels.ImFilter, CheckLabels.PushServices,
        CheckLabels.FederationEnabled, CheckLabels.HostingProvider, CheckLabels.AllowedDomain,
    ];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));
    private readonly TempDirectory _directory = TempDirectory.Create("config-step");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_healthy_export_passes_all_six_checks_and_every_export_is_readable()
    {
        var (failure, context) = await Run(LyncExportFolder.Healthy);

        Assert.Null(failure);
        Assert.All(_auditChecks, c => Assert.Equal(CheckStatus.Passed, context.Checks[c]));
        Assert.Equal(LyncExportLabels.All, context.Exports.Keys);
        Assert.All(context.Exports.Values, h => Assert.True(h.Readable && h.Error is null && h.ModifiedAt is not null, h.Error));
        Assert.Equal(Path.Combine(_directory.Path, "alloweddomains.json"), context.Exports[LyncExportLabels.AllowedDomains].File);
        Assert.Equal(TargetConfig.DefaultPushProxyUri, context.PushProxyUri);
    }

    public static TheoryData<string, string, string, string> Faults => new()
    {
        { "mcx_webserver", FailureReasons.BadUri, CheckLabels.ProxyUri, "Set-CsMcxConfiguration -Identity Service:WebServer:pool01.contoso.test -PushNotificationProxyUri \"sip:push@push.lync.com\"" },
        { "imfilter_global", FailureReasons.BlockedPrefix, CheckLabels.ImFilter, "Set-CsImFilterConfiguration -Identity Global -Prefixes @{remove=\"http:\"}; Set-CsImFilterConfiguration -Identity Global -Prefixes @{remove=\"https:\"}" },
        { "imfilter_site", FailureReasons.BlockedPrefix, CheckLabels.ImFilter, "Set-CsImFilterConfiguration -Identity Site:Redmond -Prefixes @{remove=\"HTTPS:\"} (" },
        { "push_off", FailureReasons.PushDisabled, CheckLabels.PushServices, "Set-CsPushNotificationConfiguration -Identity Global -EnableApplePushNotificationService $True for iPhone and iPad" },
        { "federation_off", FailureReasons.FederationDenied, CheckLabels.FederationEnabled, "Set-CsAccessEdgeConfiguration -Identity Global -AllowFederatedUsers $True" },
        { "provider_missing", FailureReasons.FederationDenied, CheckLabels.HostingProvider, "Look first: Get-CsHostingProvider | Where-Object ProxyFqdn -eq \"sipfed.online.lync.com\"" },
        { "provider_disabled", FailureReasons.FederationDenied, CheckLabels.HostingProvider, "Set-CsHostingProvider -Identity SkypeforBusinessOnline -Enabled $True" },
        { "domain_missing", FailureReasons.FederationDenied, CheckLabels.AllowedDomain, "New-CsAllowedDomain -Identity \"push.lync.com\"" },
        { "domain_and_provider", FailureReasons.FederationDenied, CheckLabels.AllowedDomain, "Set-CsAllowedDomain -Identity \"push.lync.com\" -ProxyFqdn $Null" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Each_fault_fails_its_check_with_the_fix_for_the_scope_that_holds_it(string fault, string reason, string check, string fix)
    {
        var (failure, context) = await Run(Fault(fault), site: "Redmond", frontEndPool: LyncExportFolder.FrontEndPool);

        Assert.NotNull(failure);
        Assert.True(reason == failure.Reason, $"{failure.Reason} on {failure.Check}: {failure.Error}");
        Assert.Equal(check, failure.Check);
        Assert.Contains(fix, failure.Fix, StringComparison.Ordinal);
        Assert.All(_auditChecks, c => Assert.Equal(c == check ? CheckStatus.Failed : CheckStatus.Passed, context.Checks[c]));
        Assert.All(context.Exports.Values, h => Assert.True(h.Readable, h.Error));
    }

    [Fact]
    public async Task A_global_im_filter_is_never_fixed_on_a_site_scope_that_does_not_exist()
    {
        var (failure, _) = await Run(Fault("imfilter_global"), site: "Dallas");

        Assert.Equal(CheckLabels.ImFilter, failure!.Check);
        Assert.Equal("the IM filter of scope Global blocks http: and https:", failure.Error);
        Assert.DoesNotContain("Dallas", failure.Fix, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_missing_hosting_provider_is_looked_up_before_one_is_created_and_never_given_a_proxy_fqdn_by_set()
    {
        var (failure, _) = await Run(Fault("provider_missing"));

        var fix = failure!.Fix;
        Assert.True(fix.IndexOf("Get-CsHostingProvider", StringComparison.Ordinal) < fix.IndexOf("New-CsHostingProvider", StringComparison.Ordinal), fix);
        Assert.Contains("only if it shows none: New-CsHostingProvider -Identity LyncOnline -Enabled $True -ProxyFqdn \"sipfed.online.lync.com\" -VerificationLevel UseSourceVerification.", fix, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"Set-CsHostingProvider[^;.]*-ProxyFqdn", fix);
        Assert.Equal("hosting providers: Fabrikam (ProxyFqdn sip.fabrikam.com, Enabled = True)", failure.Evidence);
    }

    [Fact]
    public async Task A_provider_named_lync_online_for_another_fqdn_makes_the_new_one_take_another_name()
    {
        var folder = LyncExportFolder.Healthy with { HostingProviders = "[" + LyncExportFolder.HostingProvider("LyncOnline", "sipfed.online.lync.net", enabled: true) + "]" };

        var (failure, _) = await Run(folder);

        Assert.Contains("New-CsHostingProvider -Identity SkypeforBusinessOnline -Enabled $True", failure!.Fix, StringComparison.Ordinal);
        Assert.Contains("LyncOnline is taken by the provider for sipfed.online.lync.net, and Set-CsHostingProvider cannot change a ProxyFqdn", failure.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_hosting_provider_at_all_is_read_as_none_configured()
    {
        var (failure, context) = await Run(LyncExportFolder.Healthy with { HostingProviders = "[]" });

        Assert.Equal(CheckLabels.HostingProvider, failure!.Check);
        Assert.Equal("Get-CsHostingProvider: none configured", failure.Evidence);
        Assert.True(context.Exports[LyncExportLabels.HostingProviders].Readable);
    }

    [Fact]
    public async Task A_required_service_that_is_off_is_named_alone()
    {
        var folder = LyncExportFolder.Healthy with { PushNotification = LyncExportFolder.PushNotificationConfiguration(apple: true, microsoft: false) };

        var (passing, _) = await Run(folder);
        var (failure, _) = await Run(folder, pushServices: PushServices.Apple | PushServices.Microsoft);

        Assert.Null(passing);
        Assert.Equal(FailureReasons.PushDisabled, failure!.Reason);
        Assert.Equal("push_services requires the Microsoft push notification service (EnableMicrosoftPushNotificationService), switched off in scope Global", failure.Error);
        Assert.StartsWith("Set-CsPushNotificationConfiguration -Identity Global -EnableMicrosoftPushNotificationService $True (", failure.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_six_checks_run_and_the_first_failing_in_the_table_order_decides()
    {
        var folder = Fault("domain_missing") with
        {
            AccessEdge = LyncExportFolder.AccessEdgeConfiguration(allowFederatedUsers: false),
            PushNotification = LyncExportFolder.PushNotificationConfiguration(apple: false, microsoft: false),
        };

        var (failure, context) = await Run(folder);

        Assert.Equal(FailureReasons.PushDisabled, failure!.Reason);
        Assert.Equal(CheckLabels.PushServices, failure.Check);
        Assert.Equal(CheckStatus.Failed, context.Checks[CheckLabels.FederationEnabled]);
        Assert.Equal(CheckStatus.Passed, context.Checks[CheckLabels.HostingProvider]);
        Assert.Equal(CheckStatus.Failed, context.Checks[CheckLabels.AllowedDomain]);
        Assert.Contains(" Also failing, federation_enabled: Set-CsAccessEdgeConfiguration -Identity Global -AllowFederatedUsers $True", failure.Fix, StringComparison.Ordinal);
        Assert.Contains(" Also failing, allowed_domain: Look first: Get-CsAllowedDomain", failure.Fix, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> UnreadableExports => new()
    {
        { "missing", "file not found" },
        { "garbage", "invalid JSON at line 1" },
        { "huge", "larger than the 4 MiB an export may be" },
        { "directory", "a directory, not an export file" },
        { "no_global", "no Global scope among Site:Redmond" },
    };

    // Export health is not Lync health: whatever is wrong with the IM filter's file, the probe goes on and nothing reads as blocked_prefix.
    [Theory]
    [MemberData(nameof(UnreadableExports))]
    public async Task An_unreadable_export_leaves_its_check_not_run_and_fails_nothing(string problem, string error)
    {
        var path = _directory.File("imfilter.json");
        var folder = LyncExportFolder.Healthy with { ImFilter = problem is "missing" or "huge" or "directory" ? null : problem == "garbage" ? "Get-CsImFilterConfiguration : Access is denied" : """{ "Identity": "Site:Redmond", "Prefixes": ["http:"], "Enabled": true, "Action": "Block" }""" };
        folder.WriteTo(_directory.Path);
        if (problem == "huge")
        {
            using var file = File.Create(path);
            file.SetLength(LyncExportFile.MaxBytes + 1);
        }
        else if (problem == "directory")
        {
            Directory.CreateDirectory(path);
        }

        var (failure, context) = await Run(folder: null, site: "Redmond");

        Assert.Null(failure);
        Assert.Equal(CheckStatus.NotRun, context.Checks[CheckLabels.ImFilter]);
        Assert.All(_auditChecks.Where(c => c != CheckLabels.ImFilter), c => Assert.Equal(CheckStatus.Passed, context.Checks[c]));
        var health = context.Exports[LyncExportLabels.ImFilter];
        Assert.False(health.Readable);
        Assert.StartsWith($"{path}: ", health.Error, StringComparison.Ordinal);
        Assert.Contains(error, health.Error, StringComparison.Ordinal);
        Assert.Equal(problem is "missing" or "directory", health.ModifiedAt is null);
    }

    [Fact]
    public async Task A_proxy_fqdn_on_push_lync_com_is_not_judged_without_the_hosting_providers()
    {
        var folder = Fault("domain_and_provider") with { HostingProviders = null };

        var (failure, context) = await Run(folder);

        Assert.Null(failure);
        Assert.Equal(CheckStatus.NotRun, context.Checks[CheckLabels.HostingProvider]);
        Assert.Equal(CheckStatus.NotRun, context.Checks[CheckLabels.AllowedDomain]);
        Assert.Contains("allowed_domain not run: push.lync.com carries ProxyFqdn sipfed.online.lync.com", context.Trace.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_exports_nothing_is_read_and_no_check_runs()
    {
        var target = Target(directory: null);

        var (failure, context) = await Run(folder: null, target: target);

        Assert.Null(failure);
        Assert.Empty(context.Exports);
        Assert.All(_auditChecks, c => Assert.Equal(CheckStatus.NotRun, context.Checks[c]));
        Assert.Equal(target.PushProxyUri, context.PushProxyUri);
    }

    [Fact]
    public async Task A_file_key_overrides_the_folder_and_the_other_files_still_come_from_it()
    {
        var elsewhere = _directory.File("mcx-elsewhere.json");
        await File.WriteAllTextAsync(elsewhere, """{ "Identity": "Global", "PushNotificationProxyUri": "sip:push@push.lync.net" }""", TestContext.Current.CancellationToken);

        var (failure, context) = await Run(LyncExportFolder.Healthy, target: Target(_directory.Path) with { McxConfigurationFile = elsewhere });

        Assert.Equal(CheckLabels.ProxyUri, failure!.Check);
        Assert.Equal("PushNotificationProxyUri is sip:push@push.lync.net in scope Global, not sip:push@push.lync.com", failure.Error);
        Assert.Equal(elsewhere, context.Exports[LyncExportLabels.Mcx].File);
        Assert.Equal(Path.Combine(_directory.Path, "imfilter.json"), context.Exports[LyncExportLabels.ImFilter].File);
    }

    private static LyncExportFolder Fault(string fault) => fault switch
    {
        "mcx_webserver" => LyncExportFolder.Healthy with
        {
            Mcx = """
                [
                    { "Identity": "Global", "PushNotificationProxyUri": "sip:push@push.lync.com" },
                    { "Identity": "Site:Redmond", "PushNotificationProxyUri": "sip:push@push.lync.com" },
                    { "Identity": "Service:WebServer:pool01.contoso.test", "PushNotificationProxyUri": "sip:push@push.lync.net" }
                ]
                """,
        },
        "imfilter_global" => LyncExportFolder.Healthy with { ImFilter = """{ "Identity": "Global", "Prefixes": ["callto:", "http:", "https:"], "Enabled": true, "Action": "Block" }""" },
        "imfilter_site" => LyncExportFolder.Healthy with
        {
            ImFilter = """
                [
                    { "Identity": "Global", "Prefixes": ["callto:"], "Enabled": true, "Action": 1 },
                    { "Identity": "Site:Redmond", "Prefixes": ["HTTPS:"], "Enabled": true, "Action": 1 }
                ]
                """,
        },
        "push_off" => LyncExportFolder.Healthy with { PushNotification = LyncExportFolder.PushNotificationConfiguration(apple: false, microsoft: false) },
        "federation_off" => LyncExportFolder.Healthy with { AccessEdge = LyncExportFolder.AccessEdgeConfiguration(allowFederatedUsers: false) },
        "provider_missing" => LyncExportFolder.Healthy with { HostingProviders = "[" + LyncExportFolder.HostingProvider("Fabrikam", "sip.fabrikam.com", enabled: true) + "]" },
        "provider_disabled" => LyncExportFolder.Healthy with { HostingProviders = LyncExportFolder.HostingProvider("SkypeforBusinessOnline", "sipfed.online.lync.com", enabled: false) },
        "domain_missing" => LyncExportFolder.Healthy with { AllowedDomains = LyncExportFolder.AllowedDomain("fabrikam.com", "sip.fabrikam.com") },
        "domain_and_provider" => LyncExportFolder.Healthy with { AllowedDomains = "[" + LyncExportFolder.AllowedDomain("push.lync.com", "sipfed.online.lync.com") + "]" },
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };

    private static TargetConfig Target(string? directory) => new()
    {
        Name = "edge",
        AccessEdgeFqdn = "edge.contoso.test",
        ExternalEdgeFqdn = "edge.contoso.test",
        FromUri = SipUri.Parse("sip:pushexporter@contoso.test"),
        LyncExportDirectory = directory,
    };

    private async Task<(ProbeFailure? Failure, ProbeContext Context)> Run(
        LyncExportFolder? folder, string? site = null, string? frontEndPool = null, PushServices? pushServices = null, TargetConfig? target = null)
    {
        folder?.WriteTo(_directory.Path);
        var context = new ProbeContext
        {
            Target = target ?? Target(_directory.Path) with { Site = site, FrontEndPool = frontEndPool, PushServices = pushServices },
            ModuleName = "push_route",
            Module = BuiltInModules.PushRoute,
            Resolver = new SipDnsResolver(new DnsResolverOptions(), _time),
            Trace = new ProbeTrace(_time),
            Time = _time,
            DeadlineTimestamp = _time.GetTimestamp() + (10 * _time.TimestampFrequency),
        };
        var failure = await new ConfigStep().RunAsync(context, TestContext.Current.CancellationToken);
        return (failure, context);
    }
}
