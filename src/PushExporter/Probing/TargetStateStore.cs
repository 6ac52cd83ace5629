using System.Collections.Concurrent;

namespace PushExporter.Probing;

/// <summary>
/// The latest state of every configured target, shared by the scheduler (writer) and the
/// metrics, status page and /probe (readers). A reload keeps the state of targets that
/// remain and drops the others, so their series disappear from /metrics.
/// </summary>
internal sealed class TargetStateStore
{
    private readonly ConcurrentDictionary<string, TargetState> _states = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private IReadOnlyList<string> _order = [];

    /// <summary>The configured targets in configuration order.</summary>
    public IReadOnlyList<string> Targets => Volatile.Read(ref _order);

    public void SetTargets(IEnumerable<string> targets)
    {
        lock (_gate)
        {
            var list = targets.ToList();
            foreach (var name in list)
            {
                _states.TryAdd(name, TargetState.Empty(name));
            }

            foreach (var stale in _states.Keys.Except(list, StringComparer.Ordinal).ToList())
            {
                _states.TryRemove(stale, out _);
            }

            Volatile.Write(ref _order, list);
        }
    }

    public void Record(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        while (_states.TryGetValue(result.Target, out var current))
        {
            // A target removed by a reload while its probe ran is not brought back.
            if (_states.TryUpdate(result.Target, current.With(result), current))
            {
                return;
            }
        }
    }

    public TargetState? Get(string target) => _states.TryGetValue(target, out var state) ? state : null;

    /// <summary>Every target's state, in configuration order.</summary>
    public IReadOnlyList<TargetState> All()
    {
        var all = new List<TargetState>(Targets.Count);
        foreach (var name in Targets)
        {
            if (_states.TryGetValue(name, out var state))
            {
                all.Add(state);
            }
        }

        return all;
    }
}
