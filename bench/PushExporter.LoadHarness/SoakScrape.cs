using System.Globalization;

namespace PushExporter.LoadHarness;

/// <summary>
/// What the soak reads from one <c>/metrics</c> page: per target its probe count, last success and
/// failures by reason; the configured targets (<c>pushexporter_target_info</c>); the reload gauges.
/// </summary>
internal sealed class SoakScrape
{
    private const string ProbesTotal = "pushexporter_probes_total";
    private const string FailuresTotal = "pushexporter_probe_failures_total";
    private const string ProbeSuccess = "pushexporter_probe_success";
    private const string TargetInfo = "pushexporter_target_info";
    private const string ReloadSuccessful = "pushexporter_config_last_reload_successful";
    private const string ReloadTimestamp = "pushexporter_config_last_reload_success_timestamp_seconds";

    private SoakScrape()
    {
    }

    public Dictionary<string, double> Probes { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Target, string Reason), double> Failures { get; } = [];

    public Dictionary<string, double> Success { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Configured { get; } = new(StringComparer.Ordinal);

    public double? LastReloadSuccessful { get; private set; }

    public double? LastReloadSuccessTimestamp { get; private set; }

    /// <summary>Every reason label seen, in the order of the page.</summary>
    public IReadOnlyList<string> Reasons => [.. Failures.Keys.Select(k => k.Reason).Distinct()];

    public static SoakScrape Parse(string text)
    {
        var scrape = new SoakScrape();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny('{', ' ');
            if (nameEnd < 0)
            {
                continue;
            }

            var name = line[..nameEnd];
            var labelsEnd = line[nameEnd] == '{' ? line.LastIndexOf('}') + 1 : nameEnd;
            var labels = line[nameEnd..labelsEnd];
            var rest = line[labelsEnd..].Trim();
            var space = rest.IndexOf(' ');
            var value = double.Parse(space < 0 ? rest : rest[..space], NumberStyles.Float, CultureInfo.InvariantCulture);
            scrape.Add(name, labels, value);
        }

        return scrape;
    }

    /// <summary>The increase of every per-target counter since <paramref name="earlier"/>, over targets present in both (a reload removes and adds some).</summary>
    public (double Probes, Dictionary<string, double> FailuresByReason) IncreaseSince(SoakScrape earlier)
    {
        var probes = Probes.Sum(p => earlier.Probes.TryGetValue(p.Key, out var before) ? Math.Max(0, p.Value - before) : 0);
        var failures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, count) in Failures)
        {
            var increase = earlier.Failures.TryGetValue(key, out var before) ? Math.Max(0, count - before) : 0;
            failures[key.Reason] = failures.GetValueOrDefault(key.Reason) + increase;
        }

        return (probes, failures);
    }

    private void Add(ReadOnlySpan<char> name, ReadOnlySpan<char> labels, double value)
    {
        switch (name)
        {
            case ProbesTotal:
                Probes[Label(labels, "target")] = value;
                break;
            case FailuresTotal:
                Failures[(Label(labels, "target"), Label(labels, "reason"))] = value;
                break;
            case ProbeSuccess:
                Success[Label(labels, "target")] = value;
                break;
            case TargetInfo:
                Configured.Add(Label(labels, "target"));
                break;
            case ReloadSuccessful:
                LastReloadSuccessful = value;
                break;
            case ReloadTimestamp:
                LastReloadSuccessTimestamp = value;
                break;
            default:
                break;
        }
    }

    // Target and reason values are plain names: no escapes to undo.
    private static string Label(ReadOnlySpan<char> labels, string key)
    {
        var marker = key + "=\"";
        var start = labels.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0 || (start > 0 && labels[start - 1] is not ('{' or ',')))
        {
            throw new FormatException($"no {key} label in {labels}");
        }

        var value = labels[(start + marker.Length)..];
        return value[..value.IndexOf('"')].ToString();
    }
}
