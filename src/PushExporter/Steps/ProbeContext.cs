using System.Net;
using System.Net.Sockets;
using PushExporter.Configuration;
using PushExporter.Sip.Message;
using PushExporter.Sip.Resolution;
using PushExporter.Sip.Tracing;
using PushExporter.Sip.Transaction;
using PushExporter.Sip.Transport;
using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>What the steps of one probe hand to each other. Owned by one probe; not shared.</summary>
internal sealed class ProbeContext : IAsyncDisposable
{
    private readonly Dictionary<string, CheckStatus> _checks = CheckLabels.All.ToDictionary(c => c, _ => CheckStatus.NotRun);
    private readonly Dictionary<string, LyncExportHealth> _exports = new(StringComparer.Ordinal);

    public required TargetConfig Target { get; init; }

    public required string ModuleName { get; init; }

    public required ModuleConfig Module { get; init; }

    public required SipDnsResolver Resolver { get; init; }

    public required ProbeTrace Trace { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>When the probe must be over (timestamp of <see cref="Time"/>).</summary>
    public required long DeadlineTimestamp { get; init; }

    /// <summary>The request URI: the effective PushNotificationProxyUri of the Mcx export, else the target's push_proxy_uri.</summary>
    public SipUri? PushProxyUri { get; set; }

    /// <summary>The Edge's addresses, in the order to try.</summary>
    public IReadOnlyList<IPAddress> EdgeAddresses { get; set; } = [];

    /// <summary>The connected socket (TCP/UDP); handed to <see cref="Connection"/> once a message layer owns it.</summary>
    public Socket? Socket { get; set; }

    /// <summary>The message layer, once connect (and TLS) succeeded.</summary>
    public ISipConnection? Connection { get; set; }

    public TlsSessionInfo? Tls { get; set; }

    /// <summary>The external interface's TLS session, when <see cref="ExternalTlsStep"/> tried one.</summary>
    public TlsSessionInfo? ExternalTls { get; set; }

    public SipTransactionResult? Sip { get; set; }

    public IReadOnlyDictionary<string, CheckStatus> Checks => _checks;

    /// <summary>The Lync exports the target reads, by <c>export</c> label; absent when it has no such file.</summary>
    public IReadOnlyDictionary<string, LyncExportHealth> Exports => _exports;

    /// <summary>The check being decided now: the one a deadline or an unforeseen error fails.</summary>
    public string? RunningCheck { get; private set; }

    public TimeSpan Remaining
    {
        get
        {
            var remaining = Time.GetElapsedTime(Time.GetTimestamp(), DeadlineTimestamp);
            return remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
        }
    }

    /// <summary>Says which check the step is deciding from now on.</summary>
    public void Begin(string check) => RunningCheck = check;

    public void Pass(string check) => _checks[check] = CheckStatus.Passed;

    public void RecordExport(string export, LyncExportHealth health) => _exports[export] = health;

    /// <summary>
    /// Marks <paramref name="check"/> failed and returns the failure that ends the probe, with
    /// <paramref name="fix"/> and <paramref name="meaning"/> when the step knows better than the
    /// reason alone (see <see cref="FailureAdvice"/>).
    /// </summary>
    public ProbeFailure Fail(string check, string reason, string error, string? evidence = null, string? fix = null, string? meaning = null)
    {
        _checks[check] = CheckStatus.Failed;
        Trace.Add(TraceEntryKind.Note, $"{check} failed → {reason}: {error}");
        return new ProbeFailure(reason, check, error, evidence, fix ?? FailureAdvice.Fix(reason, Target), meaning);
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
