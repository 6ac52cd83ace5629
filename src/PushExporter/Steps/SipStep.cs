using System.Globalization;
using System.Text;
using PushExporter.Classification;
using PushExporter.Sip.Message;
using PushExporter.Sip.Transaction;
using PushExporter.Sip.Transport;
using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>
/// Step 5, <c>sip</c>: one non-INVITE transaction (the module's OPTIONS or MESSAGE) to the
/// push proxy URI through the Edge, classified by <see cref="ResponseClassifier"/>; the meaning
/// and fix of a failing answer come from <see cref="EdgeAnswerAdvice"/>, by reason and code.
/// </summary>
internal sealed class SipStep(SipTimerOptions timers) : IStep
{
    public ProbeStep Step => ProbeStep.Sip;

    public IReadOnlyList<string> Checks { get; } = [CheckLabels.PushRoute];

    public bool Applies(ProbeContext context) => true;

    public async Task<ProbeFailure?> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        // Over TLS the TLS step built the message layer; over TCP and UDP it is the bare socket's.
        var connection = context.Connection ??= SipConnector.OverSocket(context.Socket ?? throw new InvalidOperationException("SIP runs after connect"));
        context.Socket = null;
        var request = BuildRequest(context, connection);
        var transaction = new NonInviteClientTransaction(connection, request, timers, context.Time, context.Trace);
        var result = await transaction.RunAsync(context.Remaining, cancellationToken).ConfigureAwait(false);
        context.Sip = result;

        switch (result.Outcome)
        {
            case SipTransactionOutcome.FinalResponse:
                var response = result.FinalResponse!;
                var statusLine = string.Create(CultureInfo.InvariantCulture, $"SIP/2.0 {response.StatusCode} {response.ReasonPhrase}");
                var diagnostics = response.MsDiagnostics;
                var (reason, rule) = ResponseClassifier.Classify(response.StatusCode, diagnostics?.Code, response.ReasonPhrase, context.Module.ReasonOverrides);
                if (reason is null)
                {
                    context.Pass(CheckLabels.PushRoute);
                    return null;
                }

                var evidence = diagnostics is null
                    ? statusLine
                    : $"{statusLine}; {(diagnostics.IsPublic ? "ms-diagnostics-public" : "ms-diagnostics")}: {diagnostics.Code}{(diagnostics.Reason is null ? string.Empty : $" \"{diagnostics.Reason}\"")}{(diagnostics.Source is null ? string.Empty : $" from {diagnostics.Source}")}";
                var advice = EdgeAnswerAdvice.For(context, reason, response.StatusCode, diagnostics?.Code);
                return context.Fail(CheckLabels.PushRoute, reason, $"the Edge answered {response.StatusCode} {response.ReasonPhrase} (rule: {rule})", evidence, advice?.Fix, advice?.Meaning);

            case SipTransactionOutcome.Timeout:
                return context.Fail(CheckLabels.PushRoute, FailureReasons.Timeout, result.Error ?? "no final response in time", Provisionals(result));

            case SipTransactionOutcome.TransportError when result.TransportError is SipTransportErrorKind.Refused or SipTransportErrorKind.Unreachable:
                return context.Fail(CheckLabels.PushRoute, FailureReasons.ConnectFailed, result.Error ?? "the Edge refused the request");

            default:
                return context.Fail(CheckLabels.PushRoute, FailureReasons.UnexpectedResponse, result.Error ?? "the exchange failed", Provisionals(result));
        }
    }

    private static string? Provisionals(SipTransactionResult result) =>
        result.ProvisionalResponses.Count == 0
            ? null
            : "provisional responses: " + string.Join(", ", result.ProvisionalResponses.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.StatusCode} {r.ReasonPhrase}")));

    private static SipRequest BuildRequest(ProbeContext context, ISipConnection connection)
    {
        var module = context.Module;
        var proxy = context.PushProxyUri ?? context.Target.PushProxyUri;
        return SipRequestFactory.Create(new SipRequestOptions
        {
            Method = module.Method,
            RequestUri = proxy,
            From = context.Target.FromUri,
            To = proxy,
            Transport = connection.Transport.ToString().ToUpperInvariant(),
            ViaHost = connection.LocalEndPoint.Address.ToString(),
            ViaPort = connection.LocalEndPoint.Port,
            UserAgent = $"PushExporter/{BuildInfo.Version}",
            ContentType = module.Body is null ? null : module.ContentType ?? "text/plain",
            Body = module.Body is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(module.Body),
            ExtraHeaders = [.. module.Headers.Select(h => new SipHeader(h.Key, h.Value))],
        });
    }
}
