using System.Buffers;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using PushExporter.Configuration;
using PushExporter.Probing;
using PushExporter.Vocabulary;

namespace PushExporter.Web;

/// <summary>
/// The status page at <c>/</c>: server-rendered HTML with one inline style sheet, no script and
/// no external assets, served with a <see cref="ContentSecurityPolicy"/> that allows exactly that
/// style sheet by its hash. Every value from a peer or a file is HTML-encoded, and its control
/// characters (NUL, ESC, C1) and bidirectional overrides are shown as escapes, never raw.
/// </summary>
internal static class StatusPage
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#1d2330;background:#fafbfc}
        h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin-top:2rem}
        .meta{color:#5b6472;font-size:.85rem}
        .summary{margin:.75rem 0 0;font-size:.95rem}.summary span{margin-right:.4rem}.summary strong{margin-right:.75rem}
        table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
        th,td{border:1px solid #dde1e7;padding:.4rem .5rem;text-align:left;vertical-align:top}
        th{background:#eef1f5;position:sticky;top:0;white-space:nowrap}
        td.n{white-space:nowrap}td.diagnosis,td.fix{overflow-wrap:anywhere}
        tr.failing td:first-child{box-shadow:inset 4px 0 #cf222e}tr.passing td:first-child{box-shadow:inset 4px 0 #1f883d}
        .ok{color:#fff;background:#1f883d;padding:.1rem .45rem;border-radius:.3rem;font-weight:600}
        .fail{color:#fff;background:#cf222e;padding:.1rem .45rem;border-radius:.3rem;font-weight:600}
        .pending{color:#fff;background:#6e7781;padding:.1rem .45rem;border-radius:.3rem;font-weight:600}
        code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8rem}
        pre{white-space:pre-wrap;background:#f3f4f6;padding:.5rem;max-height:28rem;overflow:auto}
        summary{cursor:pointer}
        .fix{color:#0a3069}
        """;

    /// <summary>Nothing but the inline style sheet, allowed by its SHA-256; no script, no frame, no form, no base.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // What a terminal or a browser would act on or hide: C0 but tab and newline, DEL, C1, and the bidirectional marks and overrides.
    private static readonly SearchValues<char> _unprintable = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n')).Select(c => (char)c))
        + string.Concat(Enumerable.Range(0x7F, 0x21).Select(c => (char)c))
        + "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    public static string Render(ExporterConfig config, TargetStateStore store, ProbeHistory history, ConfigHolder holder, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(holder);
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"15\">");
        html.Append("<title>PushExporter</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>PushExporter — push notification route</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Version {E(BuildInfo.Version)} · {config.Targets.Count} targets · page rendered {E(Stamp(now))} · configuration {(holder.LastReloadSuccessful ? "loaded" : "<strong>reload failed, the previous configuration is running</strong>")} · <a href=\"metrics\">metrics</a></p>");
        if (!holder.LastReloadSuccessful)
        {
            html.Append("<pre>");
            foreach (var error in holder.LastErrors)
            {
                html.Append(E(error.ToString())).Append('\n');
            }

            html.Append("</pre>");
        }

        var states = config.Targets.Select(t => store.Get(t.Name)?.Last).ToList();
        var healthy = states.Count(r => r is { Success: true });
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"summary\"><strong>{healthy} of {states.Count} healthy</strong><span class=\"ok\">{healthy} OK</span><span class=\"fail\">{states.Count(r => r is { Success: false })} failing</span>");
        html.Append(CultureInfo.InvariantCulture, $"<span class=\"pending\">{states.Count(r => r is null)} pending</span></p>");
        html.Append("<h2>Targets</h2><table id=\"targets\"><thead><tr><th>Target</th><th>Access Edge</th><th>State</th><th>Reason</th><th>Latency</th><th>Last success</th><th>Diagnosis</th><th>Fix</th></tr></thead><tbody>");
        foreach (var target in config.Targets)
        {
            var state = store.Get(target.Name);
            var last = state?.Last;
            html.Append(CultureInfo.InvariantCulture, $"<tr data-target=\"{E(target.Name)}\" class=\"{(last is null ? "pending" : last.Success ? "passing" : "failing")}\"><td class=\"n\">{E(target.Name)}</td><td class=\"edge\">{E(target.AccessEdgeFqdn)}<wbr>:{target.Port}/{E(target.Transport.ToString().ToUpperInvariant())}</td>");
            html.Append("<td class=\"state n\">").Append(last is null ? "<span class=\"pending\">pending</span>" : last.Success ? "<span class=\"ok\">OK</span>" : "<span class=\"fail\">FAILING</span>").Append("</td>");
            html.Append("<td class=\"reason n\">").Append(last?.Reason is { } reason ? $"<code>{E(reason)}</code>" : string.Empty).Append("</td>");
            html.Append("<td class=\"n\">").Append(last is null ? string.Empty : E(Seconds(last.SipRoundTrip ?? last.Duration))).Append("</td>");
            html.Append("<td>").Append(state?.LastSuccess is { } success ? E(Stamp(success)) : "never").Append("</td>");
            html.Append("<td class=\"diagnosis\">").Append(last is null ? "not probed yet" : E(last.Diagnosis)).Append("</td>");
            html.Append("<td class=\"fix\">").Append(last?.Fix is { } fix ? E(fix) : string.Empty).Append("</td></tr>");
        }

        html.Append("</tbody></table><h2>Recent probes</h2><table id=\"history\"><thead><tr><th>Finished</th><th>Target</th><th>Result</th><th>Duration</th><th>Trace</th></tr></thead><tbody>");
        foreach (var result in history.Recent())
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-target=\"{E(result.Target)}\"><td class=\"n\">{E(Stamp(result.FinishedAt))}</td><td class=\"n\">{E(result.Target)}</td>");
            html.Append("<td class=\"n\">").Append(result.Success ? "<span class=\"ok\">Success</span>" : $"<span class=\"fail\">{E(result.Reason!)}</span>").Append("</td>");
            html.Append("<td class=\"n\">").Append(E(Seconds(result.Duration))).Append("</td>");
            html.Append("<td><details><summary>").Append(E(result.Failure?.Error ?? "trace")).Append("</summary><pre>").Append(E(result.Trace)).Append("</pre></details></td></tr>");
        }

        html.Append("</tbody></table></body></html>");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(Printable(text));

    /// <summary><paramref name="text"/> with every unprintable character as an escape: <c>\x00</c> for C0 and DEL, <c>\u0085</c> for the others.</summary>
    internal static string Printable(string text)
    {
        var first = text.AsSpan().IndexOfAny(_unprintable);
        if (first < 0)
        {
            return text;
        }

        var printable = new StringBuilder(text.Length + 16).Append(text.AsSpan(0, first));
        foreach (var c in text.AsSpan(first))
        {
            if (!_unprintable.Contains(c))
            {
                printable.Append(c);
            }
            else if (c is < ' ' or '\u007F')
            {
                printable.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                printable.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return printable.ToString();
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan span) => span.TotalSeconds < 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0.0} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.000} s");
}
