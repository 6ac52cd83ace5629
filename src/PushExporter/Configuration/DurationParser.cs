using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace PushExporter.Configuration;

/// <summary>
/// Prometheus duration syntax (<c>500ms</c>, <c>1h30m</c>, <c>1w</c>): integer components
/// with the units y, w, d, h, m, s, ms, each at most once and in descending order; a year is
/// 365 days and a week 7 days, as in Prometheus' <c>model.ParseDuration</c>.
/// </summary>
internal static class DurationParser
{
    private static readonly (string Unit, long Milliseconds)[] _units =
    [
        ("y", 365L * 24 * 60 * 60 * 1000),
        ("w", 7L * 24 * 60 * 60 * 1000),
        ("d", 24L * 60 * 60 * 1000),
        ("h", 60L * 60 * 1000),
        ("m", 60L * 1000),
        ("s", 1000L),
        ("ms", 1L),
    ];

    private const long MaxMilliseconds = long.MaxValue / TimeSpan.TicksPerMillisecond;

    public static bool TryParse(string? text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty duration string";
            return false;
        }

        // Prometheus accepts a bare 0 as the zero duration.
        if (text == "0")
        {
            error = null;
            return true;
        }

        long total = 0;
        var nextUnit = 0;
        var i = 0;
        while (i < text.Length)
        {
            var digitsStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetterLower(text[i]))
            {
                i++;
            }

            var unitIndex = Array.FindIndex(_units, nextUnit, u => u.Unit.AsSpan().SequenceEqual(text.AsSpan(unitStart, i - unitStart)));
            if (unitStart == digitsStart || unitIndex < 0)
            {
                error = Invalid(text);
                return false;
            }

            if (!long.TryParse(text.AsSpan(digitsStart, unitStart - digitsStart), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || count > (MaxMilliseconds - total) / _units[unitIndex].Milliseconds)
            {
                error = $"duration \"{text}\" is too large";
                return false;
            }

            total += count * _units[unitIndex].Milliseconds;
            nextUnit = unitIndex + 1;
        }

        value = TimeSpan.FromMilliseconds(total);
        error = null;
        return true;
    }

    /// <summary>
    /// Formats like Prometheus' <c>Duration.String</c>: years and weeks only when they divide
    /// evenly (90d reads better than 12w6d), sub-millisecond parts dropped.
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        // Whole ticks, not TotalMilliseconds: a double loses milliseconds beyond 2^53 ticks.
        var ms = duration.Ticks / TimeSpan.TicksPerMillisecond;
        if (ms <= 0)
        {
            return "0s";
        }

        var text = new StringBuilder();
        foreach (var (unit, size) in _units)
        {
            var exactOnly = unit is "y" or "w";
            if (exactOnly && ms % size != 0)
            {
                continue;
            }

            var count = ms / size;
            if (count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{count}{unit}");
                ms -= count * size;
            }
        }

        return text.ToString();
    }

    private static string Invalid(string text) =>
        $"not a valid duration string: \"{text}\" (use integers with units ms, s, m, h, d, w, y in descending order, e.g. 1h30m)";
}
