namespace PushExporter.Probing;

/// <summary>
/// The recent probes shown on the status page, bounded: failures are kept longer than
/// successes (separate rings), and each kept trace is cut to a fixed size.
/// </summary>
internal sealed class ProbeHistory(int successes = 50, int failures = 200)
{
    public const int MaxTraceCharacters = 32 * 1024;

    private readonly Queue<ProbeResult> _successes = new();
    private readonly Queue<ProbeResult> _failures = new();
    private readonly Lock _gate = new();

    public void Add(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Trace.Length > MaxTraceCharacters)
        {
            result = result with { Trace = result.Trace[..MaxTraceCharacters] + $"\n... trace cut at {MaxTraceCharacters} characters" };
        }

        lock (_gate)
        {
            var (ring, capacity) = result.Success ? (_successes, successes) : (_failures, failures);
            ring.Enqueue(result);
            while (ring.Count > capacity)
            {
                ring.Dequeue();
            }
        }
    }

    /// <summary>The kept probes, newest first.</summary>
    public IReadOnlyList<ProbeResult> Recent()
    {
        lock (_gate)
        {
            return [.. _successes.Concat(_failures).OrderByDescending(r => r.FinishedAt)];
        }
    }
}
