using System.Globalization;
using System.Text;

namespace PushExporter.LoadHarness;

/// <summary>
/// The files the soak loads: two valid variants of the target list and three invalid files.
/// Variant A is targets 1…N; variant B drops the first 2 % and adds 1 % new names, so that
/// every valid reload both removes and adds targets (and the count tells the two apart).
/// Every target is <c>127.0.0.1</c> over TCP; which Edge port it gets is fixed by its number,
/// so a target keeps its Edge in both variants.
/// </summary>
internal sealed class SoakConfigs(SoakOptions options, int healthyPort, HostileEdges hostile)
{
    /// <summary>The reloads, in the order they repeat: invalid and valid alternate.</summary>
    public static SoakFile FileForReload(int reload) => (reload % 2) switch
    {
        1 => ((reload - 1) / 2 % 3) switch
        {
            0 => SoakFile.InvalidSyntax,
            1 => SoakFile.InvalidValue,
            _ => SoakFile.InvalidNesting,
        },
        _ => reload / 2 % 2 == 1 ? SoakFile.VariantB : SoakFile.VariantA,
    };

    /// <summary>The target names a valid variant configures.</summary>
    public IReadOnlyList<string> Names(SoakFile variant) => [.. Numbers(variant).Select(Configs.TargetName)];

    /// <summary>How many targets of a valid variant are on each kind of Edge.</summary>
    public IReadOnlyDictionary<EdgeKind, int> KindCounts(SoakFile variant) =>
        Numbers(variant).GroupBy(KindOf).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The names of a valid variant's targets that are on Kamailio's 200 OK port.</summary>
    public IReadOnlySet<string> HealthyNames(SoakFile variant) =>
        Numbers(variant).Where(n => KindOf(n) == EdgeKind.Healthy).Select(Configs.TargetName).ToHashSet(StringComparer.Ordinal);

    public string Text(SoakFile file) => file switch
    {
        SoakFile.VariantA or SoakFile.VariantB => Valid(file),
        // The mistyped brace of issue 11, finding 1.
        SoakFile.InvalidSyntax => "global: {interval: 10s\ntargets:\n  - name: edge-00001\n    access_edge_fqdn: 127.0.0.1\n",
        // Well-formed YAML with values validation refuses.
        SoakFile.InvalidValue => Valid(SoakFile.VariantA).Replace("transport: tcp", "transport: carrier-pigeon", StringComparison.Ordinal),
        // Deeper than the loader's nesting bound (issue 11, finding 2).
        SoakFile.InvalidNesting => "targets: " + new string('[', 20_000) + "\n",
        _ => throw new ArgumentOutOfRangeException(nameof(file)),
    };

    private IEnumerable<int> Numbers(SoakFile variant)
    {
        var n = options.Targets;
        return variant == SoakFile.VariantA
            ? Enumerable.Range(1, n)
            : Enumerable.Range(1 + Math.Max(1, n / 50), n - Math.Max(1, n / 50)).Concat(Enumerable.Range(n + 1, Math.Max(1, n / 100)));
    }

    // Hostile targets are spread evenly: number k is hostile when k·P/100 crosses an integer;
    // consecutive hostile targets take the hostile kinds in turn.
    private EdgeKind KindOf(int number)
    {
        var hostileBefore = (long)(number - 1) * options.HostilePercent / 100;
        var hostileUpTo = (long)number * options.HostilePercent / 100;
        return hostileUpTo == hostileBefore
            ? EdgeKind.Healthy
            : HostileEdges.Kinds[(int)(hostileBefore % HostileEdges.Kinds.Count)];
    }

    private string Valid(SoakFile variant)
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"""
            global:
              interval: {(int)options.Interval.TotalMilliseconds}ms
              timeout: {(int)options.Timeout.TotalMilliseconds}ms
            targets:

            """);
        foreach (var number in Numbers(variant))
        {
            var kind = KindOf(number);
            var port = kind == EdgeKind.Healthy ? healthyPort : hostile.Port(kind);
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - name: {Configs.TargetName(number)}
                    access_edge_fqdn: 127.0.0.1
                    port: {port}
                    transport: tcp

                """);
        }

        return yaml.ToString();
    }
}
