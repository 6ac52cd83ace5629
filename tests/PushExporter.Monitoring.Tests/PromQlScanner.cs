using System.Text.RegularExpressions;

namespace PushExporter.Monitoring.Tests;

/// <summary>
/// Finds the series selectors in a PromQL expression (also in Grafana's label_values() variable
/// queries and with Grafana variables left in). A scanner, not a parser: it skips strings,
/// range brackets, numbers, durations, keywords, function calls and label lists of by/without/on/
/// ignoring/group_left/group_right; every remaining identifier is a metric name.
/// </summary>
public static partial class PromQlScanner
{
    private static readonly HashSet<string> _labelListKeywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    private static readonly HashSet<string> _keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "bool", "atan2", "inf", "nan",
    };

    public static IReadOnlyList<PromQlSelector> Selectors(string expression)
    {
        var expr = LabelValuesCall().Replace(expression, m => m.Groups["selector"].Value);
        var selectors = new List<PromQlSelector>();
        var i = 0;
        while (i < expr.Length)
        {
            var c = expr[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(expr, i);
            }
            else if (c == '[')
            {
                i = SkipBracketed(expr, i, ']');
            }
            else if (c == '{')
            {
                var end = SkipBracketed(expr, i, '}');
                selectors.Add(new PromQlSelector(string.Empty, expr[(i + 1)..(end - 1)]));
                i = end;
            }
            else if (c == '$')
            {
                i = SkipVariable(expr, i);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < expr.Length && char.IsAsciiDigit(expr[i + 1])))
            {
                while (i < expr.Length && (char.IsAsciiLetterOrDigit(expr[i]) || expr[i] is '.' or '_'))
                {
                    i++;
                }
            }
            else if (IsIdentifierStart(c))
            {
                i = ScanIdentifier(expr, i, selectors);
            }
            else
            {
                i++;
            }
        }

        return selectors;
    }

    private static int ScanIdentifier(string expr, int start, List<PromQlSelector> selectors)
    {
        var i = start;
        while (i < expr.Length && IsIdentifierPart(expr[i]))
        {
            i++;
        }

        var identifier = expr[start..i];
        var next = SkipWhitespace(expr, i);
        if (_labelListKeywords.Contains(identifier))
        {
            return next < expr.Length && expr[next] == '(' ? SkipBracketed(expr, next, ')') : i;
        }

        if (identifier == "offset")
        {
            var end = next;
            while (end < expr.Length && !char.IsWhiteSpace(expr[end]) && expr[end] != ')')
            {
                end++;
            }

            return end;
        }

        if (_keywords.Contains(identifier) || (next < expr.Length && expr[next] == '(') || NextWordIsGrouping(expr, next))
        {
            // A keyword, a function call, or an aggregation written "sum by (x) (...)".
            return i;
        }

        var matchers = string.Empty;
        if (next < expr.Length && expr[next] == '{')
        {
            var end = SkipBracketed(expr, next, '}');
            matchers = expr[(next + 1)..(end - 1)];
            i = end;
        }

        selectors.Add(new PromQlSelector(identifier, matchers));
        return i;
    }

    private static bool NextWordIsGrouping(string expr, int start)
    {
        var end = start;
        while (end < expr.Length && IsIdentifierPart(expr[end]))
        {
            end++;
        }

        var word = expr[start..end];
        return word is "by" or "without";
    }

    private static int SkipWhitespace(string expr, int i)
    {
        while (i < expr.Length && char.IsWhiteSpace(expr[i]))
        {
            i++;
        }

        return i;
    }

    private static int SkipString(string expr, int start)
    {
        var quote = expr[start];
        for (var i = start + 1; i < expr.Length; i++)
        {
            if (expr[i] == '\\' && quote != '`')
            {
                i++;
            }
            else if (expr[i] == quote)
            {
                return i + 1;
            }
        }

        throw new FormatException($"unterminated string in: {expr}");
    }

    /// <summary>Returns the index after the closing character, skipping strings on the way.</summary>
    private static int SkipBracketed(string expr, int start, char close)
    {
        var open = expr[start];
        var depth = 0;
        for (var i = start; i < expr.Length;)
        {
            var c = expr[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(expr, i);
                continue;
            }

            if (c == open)
            {
                depth++;
            }
            else if (c == close && --depth == 0)
            {
                return i + 1;
            }

            i++;
        }

        throw new FormatException($"unbalanced '{open}' in: {expr}");
    }

    private static int SkipVariable(string expr, int start)
    {
        if (start + 1 < expr.Length && expr[start + 1] == '{')
        {
            return SkipBracketed(expr, start + 1, '}');
        }

        var i = start + 1;
        while (i < expr.Length && IsIdentifierPart(expr[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    // Grafana's label_values(selector, label) and label_values(label): only the selector is PromQL.
    [GeneratedRegex(@"label_values\(\s*(?:(?<selector>[A-Za-z_:][A-Za-z0-9_:]*\s*(?:\{[^}]*\})?|\{[^}]*\})\s*,\s*)?[A-Za-z_][A-Za-z0-9_]*\s*\)")]
    private static partial Regex LabelValuesCall();
}
