using PushExporter.Sip.Message;
using PushExporter.Sip.Transport;
using PushExporter.Vocabulary;

namespace PushExporter.Configuration;

/// <summary>One Edge to probe, with every default filled in.</summary>
internal sealed record TargetConfig
{
    public const int DefaultPort = 5061;

    /// <summary><see cref="ClearingHouse.PushProxyUri"/>, parsed.</summary>
    public static readonly SipUri DefaultPushProxyUri = SipUri.Parse(ClearingHouse.PushProxyUri);

    /// <summary>The value of the <c>target</c> label.</summary>
    public required string Name { get; init; }

    /// <summary>A host name or an IP address literal (then no lookup is made).</summary>
    public required string AccessEdgeFqdn { get; init; }

    public int Port { get; init; } = DefaultPort;

    public SipTransportKind Transport { get; init; } = SipTransportKind.Tls;

    /// <summary>Without it the SRV check is not run.</summary>
    public string? SipDomain { get; init; }

    /// <summary>What the <c>_sipfederationtls._tcp</c> SRV record must point to.</summary>
    public required string ExternalEdgeFqdn { get; init; }

    /// <summary>Used when no Mcx export is given.</summary>
    public SipUri PushProxyUri { get; init; } = DefaultPushProxyUri;

    public required SipUri FromUri { get; init; }

    /// <summary>Picks site-scoped Lync settings (<c>Site:&lt;site&gt;</c>).</summary>
    public string? Site { get; init; }

    public string Module { get; init; } = BuiltInModules.PushRouteName;

    /// <summary>Null means <see cref="GlobalConfig.Interval"/>.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>Absolute path; its existence is checked at probe time, not at load time.</summary>
    public string? McxConfigurationFile { get; init; }

    /// <summary>Absolute path; its existence is checked at probe time, not at load time.</summary>
    public string? ImFilterConfigurationFile { get; init; }

    /// <summary>The folder of the Lync exports (absolute); each file's own key overrides its path there. Read at probe time.</summary>
    public string? LyncExportDirectory { get; init; }

    /// <summary>Picks <c>Service:WebServer:&lt;pool&gt;</c> Mcx settings: the Front End pool whose Mcx service sends the pushes.</summary>
    public string? FrontEndPool { get; init; }

    /// <summary>The push notification services that must be on; null means at least one of Apple and Microsoft.</summary>
    public PushServices? PushServices { get; init; }

    /// <summary>Absolute path; its existence is checked at probe time, not at load time.</summary>
    public string? PushNotificationConfigurationFile { get; init; }

    /// <summary>Absolute path; its existence is checked at probe time, not at load time.</summary>
    public string? AccessEdgeConfigurationFile { get; init; }

    /// <summary>Absolute path; its existence is checked at probe time, not at load time.</summary>
    public string? HostingProvidersFile { get; init; }

    /// <summary>Absolute path; its existence is checked at probe time, not at load time.</summary>
    public string? AllowedDomainsFile { get; init; }

    /// <summary>Only with <see cref="SipTransportKind.Tls"/>; null means SNI from the FQDN and system trust.</summary>
    public TlsConfig? Tls { get; init; }

    /// <summary>The check of the external interface; null when <c>external_tls_check</c> is off.</summary>
    public ExternalTlsConfig? ExternalTls { get; init; }

    /// <summary>For an ad hoc <c>/probe</c> target, the policy it is held to; null for a configured target.</summary>
    public AdhocPolicy? Adhoc { get; init; }
}
