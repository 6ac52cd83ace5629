namespace PushExporter.Web;

/// <summary>The <c>/probe</c> requests running now, for the limit of <see cref="ProbeEndpoint"/>; one per host.</summary>
internal sealed class ProbeRequestCount
{
    private int _running;

    /// <summary>Counts one more request unless <paramref name="limit"/> already run; every true needs its <see cref="Exit"/>.</summary>
    public bool TryEnter(int limit)
    {
        if (Interlocked.Increment(ref _running) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _running);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _running);
}
