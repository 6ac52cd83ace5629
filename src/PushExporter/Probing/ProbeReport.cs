using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PushExporter.Sip.Transport;
using PushExporter.Vocabulary;

namespace PushExporter.Probing;

/// <summary>
/// A probe result the way Test-CsMcxPushNotification prints one (TargetFqdn, Result, Latency,
/// Error, Diagnosis), plus Reason and Fix; as text for people or as one JSON object.
/// </summary>
internal static class ProbeReport
{
    public static string Text(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        Line("TargetFqdn", result.TargetFqdn);
        Line("Result", result.Success ? "Success" : "Failure");
        Line("Latency", result.Duration.ToString("c", CultureInfo.InvariantCulture));
        Line("Error", result.Failure?.Error ?? string.Empty);
        Line("Diagnosis", result.Diagnosis);
        Line("Reason", result.Reason ?? string.Empty);
        Line("Fix", result.Fix ?? string.Empty);
        return text.ToString();

        void Line(string key, string value) => text.Append(CultureInfo.InvariantCulture, $"{key,-10} : {value}\n");
    }

    public static string Json(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("TargetFqdn", result.TargetFqdn);
            json.WriteString("Result", result.Success ? "Success" : "Failure");
            json.WriteNumber("Latency", Math.Round(result.Duration.TotalSeconds, 6));
            WriteNullable(json, "Error", result.Failure?.Error);
            json.WriteString("Diagnosis", result.Diagnosis);
            WriteNullable(json, "Reason", result.Reason);
            WriteNullable(json, "Fix", result.Fix);
            json.WriteString("Target", result.Target);
            json.WriteString("Module", result.Module);
            json.WriteString("StartedAt", result.StartedAt);
            json.WritePropertyName("Phases");
            json.WriteStartObject();
            foreach (var phase in ProbeSteps.All)
            {
                if (result.Phases.TryGetValue(phase, out var duration))
                {
                    json.WriteNumber(ProbeSteps.Label(phase), Math.Round(duration.TotalSeconds, 6));
                }
            }

            json.WriteEndObject();
            json.WritePropertyName("Checks");
            json.WriteStartObject();
            foreach (var check in CheckLabels.All)
            {
                json.WriteString(check, result.Checks[check] switch
                {
                    CheckStatus.Passed => "passed",
                    CheckStatus.Failed => "failed",
                    _ => "not_run",
                });
            }

            json.WriteEndObject();
            WriteExports(json, result);
            json.WriteNumber("SipStatusCode", result.SipStatusCode);
            WriteNullable(json, "SipStatusLine", result.SipStatusLine);
            json.WriteNumber("MsDiagnosticsCode", result.MsDiagnosticsCode);
            WriteNullable(json, "MsDiagnostics", result.MsDiagnostics);
            if (result.SipRoundTrip is { } roundTrip)
            {
                json.WriteNumber("SipRoundTrip", Math.Round(roundTrip.TotalSeconds, 6));
            }
            else
            {
                json.WriteNull("SipRoundTrip");
            }

            WriteNotAfter(json, "CertificateNotAfter", result.Tls);
            WriteNotAfter(json, "ExternalCertificateNotAfter", result.ExternalTls);

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // The Lync exports the target reads: what an operator needs to repair an export, apart from Lync's health.
    private static void WriteExports(Utf8JsonWriter json, ProbeResult result)
    {
        json.WritePropertyName("Exports");
        json.WriteStartObject();
        foreach (var export in LyncExportLabels.All)
        {
            if (!result.Exports.TryGetValue(export, out var health))
            {
                continue;
            }

            json.WritePropertyName(export);
            json.WriteStartObject();
            json.WriteString("File", health.File);
            json.WriteBoolean("Readable", health.Readable);
            if (health.ModifiedAt is { } modifiedAt)
            {
                json.WriteString("Modified", modifiedAt);
            }
            else
            {
                json.WriteNull("Modified");
            }

            WriteNullable(json, "Error", health.Error);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteNotAfter(Utf8JsonWriter json, string name, TlsSessionInfo? session)
    {
        if (session?.EarliestNotAfter is { } notAfter)
        {
            json.WriteString(name, notAfter);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
