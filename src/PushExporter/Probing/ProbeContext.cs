using System.Net;
using System.Net.Sockets;
using PushExporter.Configuration;
using PushExporter.Sip.Message;
using PushExporter.Sip.Resolution;
using PushExporter.Sip.Tracing;
using PushExporter.Sip.Transaction;
using PushExporter.Sip.Transport;

namespace PushExporter.Probing;

/// <summary>What the steps of one probe hand to each other. Owned by one probe; not shared.</summary>
internal sealed class ProbeContext : IAsyncDisposable
{
    private readonly Dictionary<string, CheckStatus> _checks = ProbeChecks.All.ToDictionary(c => c, _ => CheckStatus.NotRun);

    public required TargetConfig Target { get; init; }

    public required string ModuleName { get; init; }

    public required ModuleConfig Module { get; init; }

    public required SipDnsResolver Resolver { get; init; }

    public required ProbeTrace Trace { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>When the probe must be over (timestamp of <see cref="Time"/>).</summary>
    public required long DeadlineTimestamp { get; init; }

    /// <summary>The request URI: the effective PushNotificationProxyUri, or the target's push_proxy_uri.</summary>
    public SipUri? PushProxyUri { get; set; }

    /// <summary>The Edge's addresses, in the order to try.</summary>
    public IReadOnlyList<IPAddress> EdgeAddresses { get; set; } = [];

    /// <summary>The connected socket (TCP/UDP), before any TLS.</summary>
    public Socket? Socket { get; set; }

    /// <summary>The message layer, once connect (and TLS) succeeded.</summary>
    public ISipConnection? Connection { get; set; }

    public TlsSessionInfo? Tls { get; set; }

    public SipTransactionResult? Sip { get; set; }

    public IReadOnlyDictionary<string, CheckStatus> Checks => _checks;

    public TimeSpan Remaining
    {
        get
        {
            var remaining = Time.GetElapsedTime(Time.GetTimestamp(), DeadlineTimestamp);
            return remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
        }
    }

    public void Pass(string check) => _checks[check] = CheckStatus.Passed;

    /// <summary>Marks <paramref name="check"/> failed and returns the failure that ends the probe.</summary>
    public ProbeFailure Fail(string check, string reason, string error, string? evidence = null)
    {
        _checks[check] = CheckStatus.Failed;
        Trace.Add(TraceEntryKind.Note, $"{check} failed → {reason}: {error}");
        return new ProbeFailure(reason, check, error, evidence);
    }

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync().ConfigureAwait(false);
        }

        Socket?.Dispose();
    }
}
