using PushExporter.Configuration.Lync;
using PushExporter.Tests.Configuration.Lync;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// One situation of the configuration audit (the facts page's failure table), built as an export
/// folder that a target of <see cref="EdgeScenarioWorld"/> reads through <c>lync_export_dir</c>, in
/// front of an Edge that answers 200 OK: the audit alone decides.
/// </summary>
/// <param name="Target">The target name.</param>
/// <param name="Reason">The reason the probe must report; null: success.</param>
/// <param name="Check">The check that must fail, null on success.</param>
/// <param name="Fix">A part of the fix the probe must print, null on success.</param>
/// <param name="Settings">YAML lines of the target besides its Edge and folder.</param>
/// <param name="Write">Writes the folder.</param>
internal sealed record ConfigAuditScenario(string Target, string? Reason, string? Check, string? Fix, string Settings, Action<string> Write)
{
    private const string Redmond = "    site: Redmond\n    front_end_pool: " + LyncExportFolder.FrontEndPool + "\n";

    /// <summary>The exports an unreadable-export target spoils, and whether each file still exists (so has a modification time).</summary>
    public static IReadOnlyDictionary<string, bool> Spoiled { get; } = new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        [LyncExportLabels.ImFilter] = true,
        [LyncExportLabels.PushNotification] = false,
        [LyncExportLabels.AccessEdge] = true,
        [LyncExportLabels.AllowedDomains] = false,
    };

    /// <summary>Every row of the facts page's failure table that the audit decides, plus a healthy and an unreadable export.</summary>
    public static IReadOnlyList<ConfigAuditScenario> All { get; } =
    [
        new("audit_ok", null, null, null, Redmond, LyncExportFolder.Healthy.WriteTo),
        new(
            "audit_allowed_domain_missing", FailureReasons.FederationDenied, CheckLabels.AllowedDomain,
            "if it shows none: New-CsAllowedDomain -Identity \"push.lync.com\"",
            Redmond, (LyncExportFolder.Healthy with { AllowedDomains = "[" + LyncExportFolder.AllowedDomain("fabrikam.com", "sip.fabrikam.com") + "]" }).WriteTo),
        new(
            "audit_hosting_provider_missing", FailureReasons.FederationDenied, CheckLabels.HostingProvider,
            "Look first: Get-CsHostingProvider | Where-Object ProxyFqdn -eq \"sipfed.online.lync.com\". If it shows a provider",
            Redmond, (LyncExportFolder.Healthy with { HostingProviders = "[]" }).WriteTo),
        new(
            "audit_hosting_provider_disabled", FailureReasons.FederationDenied, CheckLabels.HostingProvider,
            "Set-CsHostingProvider -Identity LyncOnline -Enabled $True",
            Redmond, (LyncExportFolder.Healthy with { HostingProviders = LyncExportFolder.HostingProvider("LyncOnline", "sipfed.online.lync.com", enabled: false) }).WriteTo),
        new(
            "audit_domain_and_provider", FailureReasons.FederationDenied, CheckLabels.AllowedDomain,
            "Set-CsAllowedDomain -Identity \"push.lync.com\" -ProxyFqdn $Null",
            Redmond, (LyncExportFolder.Healthy with { AllowedDomains = "[" + LyncExportFolder.AllowedDomain("push.lync.com", "sipfed.online.lync.com") + "]" }).WriteTo),
        new(
            "audit_push_disabled", FailureReasons.PushDisabled, CheckLabels.PushServices,
            "Set-CsPushNotificationConfiguration -Identity Global -EnableApplePushNotificationService $True",
            Redmond, (LyncExportFolder.Healthy with { PushNotification = LyncExportFolder.PushNotificationConfiguration(apple: false, microsoft: false) }).WriteTo),
        new(
            "audit_federation_off", FailureReasons.FederationDenied, CheckLabels.FederationEnabled,
            "Set-CsAccessEdgeConfiguration -Identity Global -AllowFederatedUsers $True",
            Redmond, (LyncExportFolder.Healthy with { AccessEdge = LyncExportFolder.AccessEdgeConfiguration(allowFederatedUsers: false) }).WriteTo),
        new(
            "audit_bad_uri_webserver", FailureReasons.BadUri, CheckLabels.ProxyUri,
            "Set-CsMcxConfiguration -Identity Service:WebServer:POOL01.contoso.test -PushNotificationProxyUri \"sip:push@push.lync.com\"",
            Redmond, (LyncExportFolder.Healthy with
            {
                Mcx = """
                    [
                        { "Identity": "Global", "PushNotificationProxyUri": "sip:push@push.lync.com" },
                        { "Identity": "Site:Redmond", "PushNotificationProxyUri": "sip:push@push.lync.com" },
                        { "Identity": "Service:WebServer:POOL01.contoso.test", "PushNotificationProxyUri": "sip:push@push.lync.net" }
                    ]
                    """,
            }).WriteTo),
        new(
            "audit_im_filter_global", FailureReasons.BlockedPrefix, CheckLabels.ImFilter,
            "Set-CsImFilterConfiguration -Identity Global -Prefixes @{remove=\"http:\"}",
            "    site: Dallas\n", (LyncExportFolder.Healthy with { ImFilter = """{ "Identity": "Global", "Prefixes": ["callto:", "http:"], "Enabled": true, "Action": "Block" }""" }).WriteTo),
        new(
            "audit_im_filter_site", FailureReasons.BlockedPrefix, CheckLabels.ImFilter,
            "Set-CsImFilterConfiguration -Identity Site:Dallas -Prefixes @{remove=\"https:\"}",
            "    site: Dallas\n", (LyncExportFolder.Healthy with
            {
                ImFilter = """
                    [
                        { "Identity": "Global", "Prefixes": ["callto:", "http:", "https:"], "Enabled": true, "Action": "Allow" },
                        { "Identity": "Site:Dallas", "Prefixes": ["https:"], "Enabled": true, "Action": 1 }
                    ]
                    """,
            }).WriteTo),
        new("audit_exports_unreadable", null, null, null, Redmond, WriteSpoiled),
    ];

    /// <summary>Every target name, known before the world starts.</summary>
    public static IEnumerable<string> Names => All.Select(s => s.Target);

    // The IM filter garbled, the push notification file missing, the Access Edge one over 4 MiB, the allowed domains a directory.
    private static void WriteSpoiled(string directory)
    {
        (LyncExportFolder.Healthy with { ImFilter = "Get-CsImFilterConfiguration : Access is denied.", PushNotification = null, AccessEdge = null, AllowedDomains = null }).WriteTo(directory);
        using (var huge = File.Create(Path.Combine(directory, LyncExport.AccessEdge.FileName)))
        {
            huge.SetLength(LyncExportFile.MaxBytes + 1);
        }

        Directory.CreateDirectory(Path.Combine(directory, LyncExport.AllowedDomains.FileName));
    }
}
