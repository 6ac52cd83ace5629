using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PushExporter.Sip.Message;

/// <summary>
/// The Lync/Skype for Business <c>ms-diagnostics</c> (or <c>ms-diagnostics-public</c>) header:
/// <c>1008;reason="Unable to resolve DNS SRV record";source="edge.contoso.com"</c>.
/// </summary>
/// <param name="Code">The diagnostic code, e.g. 1008 (DNS SRV) or 1046.</param>
/// <param name="Reason">The <c>reason</c> parameter, unquoted.</param>
/// <param name="Source">The <c>source</c> parameter: the server that produced the diagnostic.</param>
/// <param name="Parameters">Every other parameter, unquoted, keyed case-insensitively (first occurrence wins).</param>
/// <param name="IsPublic">Whether it came from <c>ms-diagnostics-public</c>.</param>
public sealed record MsDiagnostics(
    int Code, string? Reason, string? Source, IReadOnlyDictionary<string, string> Parameters, bool IsPublic)
{
    /// <summary>
    /// Parses a header value. Parameter names are case-insensitive; values may be quoted strings with
    /// backslash escapes. A value-less parameter maps to an empty string.
    /// </summary>
    public static bool TryParse(string headerValue, bool isPublic, [NotNullWhen(true)] out MsDiagnostics? value)
    {
        value = null;
        if (headerValue is null)
        {
            return false;
        }

        var text = headerValue.AsSpan().Trim();
        var semicolon = text.IndexOf(';');
        var codeText = (semicolon < 0 ? text : text[..semicolon]).Trim();
        if (!int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return false;
        }

        string? reason = null;
        string? source = null;
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var parameterText = semicolon < 0 ? [] : text[semicolon..];
        var position = 0;
        while (SipSyntax.TryReadParameter(parameterText, ref position, out var name, out var raw, out var hasValue, out var quoted))
        {
            var parameterValue = hasValue ? SipSyntax.Materialize(raw, quoted) : string.Empty;
            if (name.Equals("reason", StringComparison.OrdinalIgnoreCase))
            {
                reason ??= parameterValue;
            }
            else if (name.Equals("source", StringComparison.OrdinalIgnoreCase))
            {
                source ??= parameterValue;
            }
            else
            {
                parameters.TryAdd(name.ToString(), parameterValue);
            }
        }

        if (position < 0)
        {
            return false;
        }

        value = new MsDiagnostics(code, reason, source, parameters, isPublic);
        return true;
    }
}
