using System.Collections.Frozen;
using System.Diagnostics;
using System.Text;
using PushExporter.Configuration;
using PushExporter.Sip.Tracing;
using PushExporter.Sip.Transaction;
using PushExporter.Steps;
using PushExporter.Vocabulary;

namespace PushExporter.Probing;

/// <summary>
/// Runs the five steps of one probe in order (config, dns, connect, tls, sip), each timed
/// as a phase; the first failure decides the reason and the later steps are not run. The
/// optional check of the external interface runs after tls and is timed within its phase.
/// Whatever happens inside — a hostile peer, a missing file, the deadline — ends in a
/// <see cref="ProbeResult"/>; only cancellation by the caller escapes, and the refusal of an ad
/// hoc target (<see cref="AdhocTargetRefusedException"/>). An ad hoc target's result withholds
/// what its peer sent unless <see cref="AdhocPolicy.DebugPeerBytes"/> allows it.
/// </summary>
internal sealed class ProbeRunner
{
    /// <summary>Each probe is an Activity with one child per phase.</summary>
    public const string ActivitySourceName = "PushExporter.Probe";

    private static readonly ActivitySource _activities = new(ActivitySourceName);

    private const string PeerBytesWithheld = "what the peer sent is not shown for an ad hoc target (global.adhoc_debug_peer_bytes is false)";

    // The trace lines that may carry a peer's bytes: what it sent, what was made of it (warnings, notes
    // quoting errors), its certificates. An ad hoc target's trace keeps its DNS answers, connections and requests.
    private static readonly FrozenSet<TraceEntryKind> _peerKinds = FrozenSet.Create(TraceEntryKind.SipReceived, TraceEntryKind.Warning, TraceEntryKind.Tls, TraceEntryKind.Note);

    private readonly IReadOnlyList<IStep> _steps;
    private readonly TimeProvider _time;
    private readonly DnsResolverCache _resolvers;

    public ProbeRunner(TimeProvider time, SipTimerOptions? timers = null)
    {
        _time = time;
        _resolvers = new DnsResolverCache(time);
        _steps = [new ConfigStep(), new DnsStep(), new ConnectStep(), new TlsStep(), new ExternalTlsStep(), new SipStep(timers ?? SipTimerOptions.Default)];
    }

    public async Task<ProbeResult> RunAsync(ExporterConfig config, TargetConfig target, string? moduleName, TimeSpan? deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(target);
        moduleName ??= target.Module;
        var module = config.Modules[moduleName];
        var timeout = deadline is { } d && d < config.Global.Timeout ? d : config.Global.Timeout;
        var startedAt = _time.GetUtcNow();
        var start = _time.GetTimestamp();
        var trace = new ProbeTrace(_time);
        using var activity = _activities.StartActivity("probe");
        activity?.SetTag("pushexporter.target", target.Name);
        activity?.SetTag("pushexporter.module", moduleName);
        activity?.SetTag("server.address", target.AccessEdgeFqdn);
        activity?.SetTag("server.port", target.Port);
        trace.Add(TraceEntryKind.Note, $"probe {target.Name}: {target.Transport.ToString().ToUpperInvariant()} {target.AccessEdgeFqdn}:{target.Port}, module {moduleName} ({module.Method}), timeout {timeout.TotalSeconds:0.###} s");

        var resolver = _resolvers.Get(config.Global.DnsServers, timeout);

        using var deadlineSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineSource.Token);
        var phases = new Dictionary<ProbeStep, TimeSpan>();
        ProbeFailure? failure = null;
        await using var context = new ProbeContext
        {
            Target = target,
            ModuleName = moduleName,
            Module = module,
            Resolver = resolver,
            Trace = trace,
            Time = _time,
            DeadlineTimestamp = start + (long)(timeout.TotalSeconds * _time.TimestampFrequency),
        };

        foreach (var step in _steps)
        {
            if (!step.Applies(context))
            {
                continue;
            }

            var label = ProbeSteps.Label(step.Step);
            var phaseStart = _time.GetTimestamp();
            using var phaseActivity = _activities.StartActivity(label);
            phaseActivity?.SetTag("pushexporter.checks", string.Join(',', step.Checks));
            context.Begin(step.Checks[0]);
            try
            {
                failure = await step.RunAsync(context, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = context.Fail(context.RunningCheck!, FailureReasons.Timeout, $"the {label} step did not finish within the {timeout.TotalSeconds:0.###} s probe timeout");
            }
            catch (Exception exception) when (exception is not (OperationCanceledException or AdhocTargetRefusedException))
            {
                // A defect or an input nobody foresaw must cost one probe, never the host.
                failure = context.Fail(context.RunningCheck!, FailureReasons.UnexpectedResponse, $"the {label} step failed unexpectedly: {exception.GetType().Name}: {exception.Message}");
            }
            finally
            {
                // Two steps share the tls phase (the Edge's handshake and the external interface's check): their times add up.
                phases[step.Step] = phases.GetValueOrDefault(step.Step) + _time.GetElapsedTime(phaseStart);
            }

            if (failure is not null)
            {
                phaseActivity?.SetStatus(ActivityStatusCode.Error, failure.Error);
                break;
            }
        }

        var duration = _time.GetElapsedTime(start);
        var response = context.Sip?.FinalResponse;
        var diagnostics = response?.MsDiagnostics;
        trace.Add(TraceEntryKind.Note, failure is null ? "result: success" : $"result: failure, reason {failure.Reason}");
        var peerShown = target.Adhoc is not { DebugPeerBytes: false };
        if (!peerShown && failure is not null)
        {
            failure = failure with { Error = PeerBytesWithheld, Evidence = null };
        }

        activity?.SetTag("pushexporter.reason", failure?.Reason);
        activity?.SetStatus(failure is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, failure?.Error);
        return new ProbeResult
        {
            Target = target.Name,
            TargetFqdn = target.AccessEdgeFqdn,
            Module = moduleName,
            StartedAt = startedAt,
            FinishedAt = _time.GetUtcNow(),
            Duration = duration,
            Failure = failure,
            Phases = phases,
            Checks = new Dictionary<string, CheckStatus>(context.Checks),
            Exports = new Dictionary<string, LyncExportHealth>(context.Exports),
            SipStatusCode = response?.StatusCode ?? 0,
            SipStatusLine = response is null || !peerShown ? null : $"SIP/2.0 {response.StatusCode} {response.ReasonPhrase}",
            MsDiagnosticsCode = diagnostics?.Code ?? 0,
            MsDiagnostics = peerShown ? response?.Headers["ms-diagnostics"] ?? response?.Headers["ms-diagnostics-public"] : null,
            SipRoundTrip = context.Sip?.RoundTrip,
            Tls = context.Tls,
            ExternalTls = context.ExternalTls,
            DiagnosisFormatter = Diagnose,
            TraceFormatter = peerShown ? trace.ToString : () => trace.ToString(_peerKinds) + PeerBytesWithheld + "\n",
        };
    }

    private static string Diagnose(ProbeResult result)
    {
        var failure = result.Failure;
        var text = new StringBuilder();
        if (failure is null)
        {
            var ran = result.Checks.Where(c => c.Value == CheckStatus.Passed).Select(c => c.Key);
            var notRun = result.Checks.Where(c => c.Value == CheckStatus.NotRun).Select(c => c.Key).ToList();
            text.Append($"The push route through {result.TargetFqdn} works (checks passed: {string.Join(", ", ran)}{(notRun.Count > 0 ? $"; not run: {string.Join(", ", notRun)}" : string.Empty)}).");
        }
        else
        {
            text.Append($"Check {failure.Check} failed: {failure.Error}.");
            if (failure.Evidence is not null)
            {
                text.Append($" Evidence: {failure.Evidence}.");
            }

            text.Append(' ').Append(failure.Meaning ?? FailureAdvice.Meaning(failure.Reason));
            var others = result.Checks.Where(c => c.Value == CheckStatus.Failed && c.Key != failure.Check).Select(c => c.Key).ToList();
            if (others.Count > 0)
            {
                text.Append($" Also failed: {string.Join(", ", others)}.");
            }
        }

        // An unreadable export is the exporter's problem, not Lync's: said, never a reason.
        foreach (var (export, health) in result.Exports.Where(e => !e.Value.Readable))
        {
            text.Append($" Export {export} not readable, its checks not run: {health.Error?.TrimEnd('.')}.");
        }

        return text.ToString();
    }
}
