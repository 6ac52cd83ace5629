using PushExporter.Configuration;

namespace PushExporter.Metrics;

/// <summary>
/// How many distinct target names /metrics can carry until the process restarts: twice the
/// targets it started with, at least <see cref="Minimum"/>. The SDK allocates every metric
/// stream's points up front (its cardinality limit) and, with the cumulative temporality
/// Prometheus needs, never frees the points of a target a reload removed; a limit of a
/// million cost about 80 MB of resident memory at 1,000 targets. The same bound holds for the
/// distinct label sets of <c>pushexporter_target_info</c>, whose series a reload that changes a
/// target's Access Edge, site, transport or module replaces with a new one.
/// </summary>
internal sealed class TargetCapacity
{
    /// <summary>The smallest capacity, so that a small start can still grow by reloads.</summary>
    public const int Minimum = 1024;

    private readonly HashSet<string> _targetsSinceStart = new(StringComparer.Ordinal);
    private readonly HashSet<TargetInfoLabels> _infoSinceStart = [];

    public TargetCapacity(ExporterConfig initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        Targets = Math.Max(Minimum, 2 * initial.Targets.Count);
        _targetsSinceStart.UnionWith(initial.Targets.Select(t => t.Name));
        _infoSinceStart.UnionWith(initial.Targets.Select(TargetInfoLabels.Of));
    }

    /// <summary>The number of distinct target names, since start, that fit.</summary>
    public int Targets { get; }

    /// <summary>
    /// Admits a reloaded configuration if its target names, with every name since start, fit
    /// <see cref="Targets"/>, and so do its target_info label sets with every set since start;
    /// otherwise says why not, and the reload fails as for an invalid file, because the SDK
    /// would fold the excess series into one overflow series.
    /// </summary>
    public string? Admit(ExporterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_targetsSinceStart)
        {
            var names = new HashSet<string>(_targetsSinceStart, StringComparer.Ordinal);
            names.UnionWith(config.Targets.Select(t => t.Name));
            if (names.Count > Targets)
            {
                return $"{names.Count} distinct target names since start exceed the {Targets} that /metrics was sized for when pushexporter started (twice its targets then, at least {Minimum}); restart pushexporter to load this file";
            }

            var infos = new HashSet<TargetInfoLabels>(_infoSinceStart);
            infos.UnionWith(config.Targets.Select(TargetInfoLabels.Of));
            if (infos.Count > Targets)
            {
                return $"{infos.Count} distinct pushexporter_target_info label sets since start (a target whose access_edge_fqdn, site, transport or module changed counts again) exceed the {Targets} that /metrics was sized for when pushexporter started; restart pushexporter to load this file";
            }

            _targetsSinceStart.UnionWith(names);
            _infoSinceStart.UnionWith(infos);
            return null;
        }
    }
}
