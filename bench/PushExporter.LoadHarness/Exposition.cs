using System.Globalization;

namespace PushExporter.LoadHarness;

/// <summary>Reads the samples of one metric family from a Prometheus text exposition.</summary>
internal static class Exposition
{
    public static double Sum(string text, string metric) => Samples(text, metric).Sum();

    public static int Count(string text, string metric, double value) => Samples(text, metric).Count(v => v == value);

    private static List<double> Samples(string text, string metric)
    {
        var values = new List<double>();
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length || (line[metric.Length] != '{' && line[metric.Length] != ' '))
            {
                continue;
            }

            // The value follows the labels; a timestamp may follow it.
            var rest = line[(line[metric.Length] == '{' ? line.LastIndexOf('}') + 1 : metric.Length)..].Trim();
            var end = rest.IndexOf(' ', StringComparison.Ordinal);
            values.Add(double.Parse(end < 0 ? rest : rest[..end], NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return values;
    }
}
