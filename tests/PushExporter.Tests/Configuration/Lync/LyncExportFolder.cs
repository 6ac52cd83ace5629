namespace PushExporter.Tests.Configuration.Lync;

/// <summary>
/// A Lync export folder as scripts/Export-PushConfiguration.ps1 writes it: Windows PowerShell 5.1
/// ConvertTo-Json (one scope an object, several an array, enums as strings), healthy unless a
/// file is replaced with <c>with</c>; a null file is not written.
/// </summary>
internal sealed record LyncExportFolder
{
    public const string FrontEndPool = "pool01.contoso.test";

    /// <summary>Every setting right for push notifications, the defaults of a real deployment otherwise.</summary>
    public static LyncExportFolder Healthy { get; } = new();

    public string? Mcx { get; init; } = """
        [
            {
                "Identity":  "Global",
                "ExposedWebURL":  "External",
                "PushNotificationProxyUri":  "sip:push@push.lync.com",
                "SessionExpirationInterval":  259200
            },
            {
                "Identity":  "Site:Redmond",
                "ExposedWebURL":  "External",
                "PushNotificationProxyUri":  "sip:push@push.lync.com",
                "SessionExpirationInterval":  259200
            },
            {
                "Identity":  "Service:WebServer:pool01.contoso.test",
                "ExposedWebURL":  "Internal",
                "PushNotificationProxyUri":  "sip:push@push.lync.com",
                "SessionExpirationInterval":  259200
            }
        ]
        """;

    // Microsoft's default filter: http: and https: listed, action Allow (links get a leading underscore).
    public string? ImFilter { get; init; } = """
        {
            "Identity":  "Global",
            "Prefixes":  [
                             "callto:",
                             "file:",
                             "ftp.",
                             "ftp:",
                             "gopher:",
                             "href",
                             "http:",
                             "https:",
                             "mailto:",
                             "www."
                         ],
            "AllowMessage":  "",
            "WarnMessage":  "",
            "Enabled":  true,
            "IgnoreLocal":  true,
            "BlockFileExtension":  true,
            "Action":  "Allow"
        }
        """;

    public string? PushNotification { get; init; } = PushNotificationConfiguration(apple: true, microsoft: true);

    public string? AccessEdge { get; init; } = AccessEdgeConfiguration(allowFederatedUsers: true);

    public string? HostingProviders { get; init; } = "[" + HostingProvider("LyncOnline", "sipfed.online.lync.com", enabled: true) + "]";

    public string? AllowedDomains { get; init; } = "[" + AllowedDomain("push.lync.com", proxyFqdn: null) + ",\n" + AllowedDomain("fabrikam.com", "sip.fabrikam.com") + "]";

    public static string PushNotificationConfiguration(bool apple, bool microsoft) => $$"""
        {
            "Identity":  "Global",
            "EnableApplePushNotificationService":  {{Json(apple)}},
            "EnableMicrosoftPushNotificationService":  {{Json(microsoft)}}
        }
        """;

    public static string AccessEdgeConfiguration(bool allowFederatedUsers) => $$"""
        {
            "Identity":  "Global",
            "AllowAnonymousUsers":  true,
            "AllowFederatedUsers":  {{Json(allowFederatedUsers)}},
            "AllowOutsideUsers":  true,
            "BeClearingHouse":  false,
            "EnablePartnerDiscovery":  false,
            "DiscoveredPartnerVerificationLevel":  "UseSourceVerification",
            "KeepCrlsUpToDateForPeers":  true,
            "MarkSourceVerifiableOnOutgoingMessages":  true,
            "OutgoingTlsCountForFederatedPartners":  4,
            "RoutingMethod":  "UseDnsSrvRouting",
            "DefaultRouteFqdn":  null
        }
        """;

    public static string HostingProvider(string identity, string proxyFqdn, bool enabled) => $$"""
            {
                "Identity":  "{{identity}}",
                "Name":  "{{identity}}",
                "ProxyFqdn":  "{{proxyFqdn}}",
                "VerificationLevel":  "UseSourceVerification",
                "Enabled":  {{Json(enabled)}},
                "EnabledSharedAddressSpace":  false,
                "HostsOCSUsers":  false,
                "IsLocal":  false,
                "AutodiscoverUrl":  null
            }
        """;

    public static string AllowedDomain(string domain, string? proxyFqdn) => $$"""
            {
                "Identity":  "{{domain}}",
                "Domain":  "{{domain}}",
                "ProxyFqdn":  {{(proxyFqdn is null ? "\"\"" : $"\"{proxyFqdn}\"")}},
                "Comment":  null,
                "MarkForMonitoring":  false
            }
        """;

    /// <summary>Writes the files under the names the export script uses.</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        Write("mcx.json", Mcx);
        Write("imfilter.json", ImFilter);
        Write("pushnotification.json", PushNotification);
        Write("accessedge.json", AccessEdge);
        Write("hostingproviders.json", HostingProviders);
        Write("alloweddomains.json", AllowedDomains);

        void Write(string name, string? content)
        {
            if (content is not null)
            {
                File.WriteAllText(Path.Combine(directory, name), content);
            }
        }
    }

    private static string Json(bool value) => value ? "true" : "false";
}
