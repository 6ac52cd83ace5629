using System.Globalization;
using System.Text.RegularExpressions;

namespace PushExporter.Monitoring.Tests.Paging;

/// <summary>
/// The shipped rule file with its time scale shrunk for a test whose exporter probes every
/// second instead of every minute: every <c>for:</c> duration and every range-vector window
/// (<c>[5m]</c>) is divided by <see cref="Factor"/> (2m → 2s, 10m → 10s, [5m] → [5s]).
/// Nothing else is touched: expressions, labels and annotations are the shipped text, which
/// <see cref="Scale"/> checks by comparing the parsed rules of both files.
/// </summary>
public static partial class ScaledRules
{
    /// <summary>The shipped rules assume a 60s probe interval; the test probes every second.</summary>
    public const int Factor = 60;

    public static string Scale(string shipped)
    {
        var forCount = 0;
        var windowCount = 0;
        var scaled = ForDuration().Replace(shipped, m =>
        {
            forCount++;
            return m.Groups["prefix"].Value + Divide(m.Groups["duration"].Value);
        });
        scaled = RangeWindow().Replace(scaled, m =>
        {
            windowCount++;
            return "[" + Divide(m.Groups["duration"].Value) + "]";
        });
        if (forCount == 0 || windowCount == 0)
        {
            throw new InvalidOperationException($"the rule file changed shape: {forCount} for: durations, {windowCount} range windows scaled");
        }

        return scaled;
    }

    /// <summary>A Prometheus duration (2m, 10m, 90s, 1h) divided by <see cref="Factor"/>, in whole milliseconds.</summary>
    public static string Divide(string duration)
    {
        var m = Duration().Match(duration);
        if (!m.Success)
        {
            throw new FormatException($"not a simple Prometheus duration: {duration}");
        }

        var seconds = long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) * m.Groups["unit"].Value switch
        {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86400,
            _ => throw new FormatException(duration),
        };
        var milliseconds = seconds * 1000 / Factor;
        return milliseconds % 1000 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000}s")
            : string.Create(CultureInfo.InvariantCulture, $"{milliseconds}ms");
    }

    [GeneratedRegex(@"(?<prefix>^\s*for:\s*)(?<duration>\d+[smhd])(?=\s*$)", RegexOptions.Multiline)]
    private static partial Regex ForDuration();

    [GeneratedRegex(@"\[(?<duration>\d+[smhd])\]")]
    private static partial Regex RangeWindow();

    [GeneratedRegex(@"^(?<n>\d+)(?<unit>[smhd])$")]
    private static partial Regex Duration();
}
