using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using PushExporter.Probing;
using PushExporter.Vocabulary;

namespace PushExporter.Metrics;

/// <summary>
/// Writes one /probe result in the blackbox exporter's style: made from that request's result
/// alone, so nothing leaks between requests or into /metrics. The text is written as UTF-8
/// bytes straight from the result: a prometheus-net registry per request (its families, children
/// and serializer) cost a sixth of the exporter's CPU per probe (docs/benchmarks.md).
/// Values are formatted as prometheus-net formatted them (<c>"g"</c>, invariant), so the
/// exposition is the same byte for byte.
/// </summary>
internal static class ProbeExposition
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    // One probe's exposition is about 1.6 KB.
    private const int InitialBufferSize = 2048;

    public static async Task WriteAsync(ProbeResult result, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new ArrayBufferWriter<byte>(InitialBufferSize);
        Write(result, buffer);
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    internal static void Write(ProbeResult result, IBufferWriter<byte> output)
    {
        Gauge(output, "probe_success"u8, "Whether the probe succeeded."u8, result.Success ? 1 : 0);
        Gauge(output, "probe_duration_seconds"u8, "How long the probe took, all phases."u8, result.Duration.TotalSeconds);
        Gauge(output, "probe_dns_lookup_time_seconds"u8, "How long the DNS phase took."u8, result.Phases.TryGetValue(ProbeStep.Dns, out var dns) ? dns.TotalSeconds : 0);
        if (result.Tls?.EarliestNotAfter is { } notAfter)
        {
            Gauge(output, "probe_ssl_earliest_cert_expiry"u8, "Earliest NotAfter in the Edge's certificate chain (Unix time)."u8, notAfter.ToUnixTimeSeconds());
        }

        Gauge(output, "probe_sip_status_code"u8, "The final SIP status code (0: none)."u8, result.SipStatusCode);
        Gauge(output, "probe_sip_diagnostic_code"u8, "The ms-diagnostics code of the final response (0: none)."u8, result.MsDiagnosticsCode);

        // Label values are the contract's vocabulary (reasons, phase labels): nothing in them needs escaping.
        Family(output, "probe_failure_reason"u8, "1 for the reason this probe failed, 0 for the others."u8);
        foreach (var reason in FailureReasons.All)
        {
            Labelled(output, "probe_failure_reason{reason=\""u8, reason, result.Reason == reason ? 1 : 0);
        }

        Family(output, "probe_phase_duration_seconds"u8, "Duration of each phase that ran."u8);
        foreach (var (phase, duration) in result.Phases)
        {
            Labelled(output, "probe_phase_duration_seconds{phase=\""u8, ProbeSteps.Label(phase), duration.TotalSeconds);
        }
    }

    private static void Gauge(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> help, double value)
    {
        Family(output, name, help);
        output.Write(name);
        output.Write(" "u8);
        Value(output, value);
    }

    private static void Family(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> help)
    {
        output.Write("# HELP "u8);
        output.Write(name);
        output.Write(" "u8);
        output.Write(help);
        output.Write("\n# TYPE "u8);
        output.Write(name);
        output.Write(" gauge\n"u8);
    }

    // prefix is the metric name and the label up to its opening quote.
    private static void Labelled(IBufferWriter<byte> output, ReadOnlySpan<byte> prefix, string labelValue, double value)
    {
        output.Write(prefix);
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(labelValue.Length));
        output.Advance(Encoding.UTF8.GetBytes(labelValue, span));
        output.Write("\"} "u8);
        Value(output, value);
    }

    // The value and the line's end.
    private static void Value(IBufferWriter<byte> output, double value)
    {
        // 32 bytes hold any double in "g" (at most 24 characters).
        var span = output.GetSpan(33);
        if (!value.TryFormat(span, out var written, "g", CultureInfo.InvariantCulture))
        {
            throw new UnreachableException("a double takes at most 24 bytes in \"g\"");
        }

        span[written] = (byte)'\n';
        output.Advance(written + 1);
    }
}
