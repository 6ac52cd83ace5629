using System.Buffers;
using PushExporter.Probing;
using PushExporter.Vocabulary;

namespace PushExporter.Metrics;

/// <summary>
/// What the per-target families of one scrape print, gathered in one pass over the target states
/// into arrays in configuration order. Each family's pass then reads memory in order; before,
/// each of some twenty passes chased every target's state and result objects again, a cache miss
/// each, which at 10,000 targets was the largest part of a scrape's CPU (docs/benchmarks.md). The
/// arrays are rented, and returned by <see cref="Dispose"/>.
/// </summary>
internal sealed class TargetRows : IDisposable
{
    /// <summary>A target's last result did not fail with a reason of <see cref="FailureReasons.All"/>.</summary>
    public const int NoReason = -1;

    /// <summary>The target has not been probed yet: none of the last probe's series exist.</summary>
    public const int NotProbed = -2;

    private static readonly int _fields = Enum.GetValues<Field>().Length;
    private static readonly int _reasons = FailureReasons.All.Count;

    private readonly IReadOnlyList<TargetState> _states;
    private readonly byte[][] _targets;
    // Values that a target may lack are NaN: each is a time, a duration or a code, never NaN itself.
    private readonly double[] _values;
    private readonly long[] _failures;
    private readonly long[] _probes;
    private readonly int[] _reason;
    private readonly bool[] _exports;

    public TargetRows(IReadOnlyList<TargetState> states, Func<string, byte[]> label)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(label);
        _states = states;
        var count = states.Count;
        _targets = ArrayPool<byte[]>.Shared.Rent(count);
        _values = ArrayPool<double>.Shared.Rent(count * _fields);
        _failures = ArrayPool<long>.Shared.Rent(count * _reasons);
        _probes = ArrayPool<long>.Shared.Rent(count);
        _reason = ArrayPool<int>.Shared.Rent(count);
        _exports = ArrayPool<bool>.Shared.Rent(count);
        for (var i = 0; i < count; i++)
        {
            Gather(i, states[i], label);
        }
    }

    /// <summary>The per-target gauges whose value is one number.</summary>
    public enum Field
    {
        ExternalTlsExpiry,
        Duration,
        LastRun,
        LastSuccess,
        Success,
        DiagnosticCode,
        StatusCode,
        TlsExpiry,
    }

    public int Count => _states.Count;

    /// <summary>The target's label value, escaped and encoded.</summary>
    public byte[] Target(int row) => _targets[row];

    /// <summary>The state itself, for the series a target has a varying number of (checks, phases, exports).</summary>
    public TargetState State(int row) => _states[row];

    public bool TryGet(int row, Field field, out double value)
    {
        value = _values[(row * _fields) + (int)field];
        return !double.IsNaN(value);
    }

    public long Probes(int row) => _probes[row];

    /// <summary>The index in <see cref="FailureReasons.All"/> of the last probe's reason, <see cref="NoReason"/> or <see cref="NotProbed"/>.</summary>
    public int Reason(int row) => _reason[row];

    /// <summary>Failed probes with the reason of index <paramref name="reason"/> in <see cref="FailureReasons.All"/>.</summary>
    public long Failures(int row, int reason) => _failures[(row * _reasons) + reason];

    /// <summary>Whether the last result read any Lync export.</summary>
    public bool HasExports(int row) => _exports[row];

    public void Dispose()
    {
        ArrayPool<byte[]>.Shared.Return(_targets, clearArray: true);
        ArrayPool<double>.Shared.Return(_values);
        ArrayPool<long>.Shared.Return(_failures);
        ArrayPool<long>.Shared.Return(_probes);
        ArrayPool<int>.Shared.Return(_reason);
        ArrayPool<bool>.Shared.Return(_exports);
    }

    private static double Seconds(DateTimeOffset? at) => at is { } t ? t.ToUnixTimeMilliseconds() / 1000.0 : double.NaN;

    private static double WholeSeconds(DateTimeOffset? at) => at is { } t ? t.ToUnixTimeSeconds() : double.NaN;

    private void Gather(int row, TargetState state, Func<string, byte[]> label)
    {
        _targets[row] = label(state.Target);
        _probes[row] = state.Probes;
        var last = state.Last;
        var values = _values.AsSpan(row * _fields, _fields);
        values[(int)Field.ExternalTlsExpiry] = WholeSeconds(state.ExternalCertificateNotAfter);
        values[(int)Field.TlsExpiry] = WholeSeconds(state.CertificateNotAfter);
        values[(int)Field.LastSuccess] = Seconds(state.LastSuccess);
        values[(int)Field.Duration] = last is null ? double.NaN : last.Duration.TotalSeconds;
        values[(int)Field.LastRun] = last is null ? double.NaN : Seconds(last.FinishedAt);
        values[(int)Field.Success] = last is null ? double.NaN : last.Success ? 1 : 0;
        values[(int)Field.DiagnosticCode] = last is null ? double.NaN : last.MsDiagnosticsCode;
        values[(int)Field.StatusCode] = last is null ? double.NaN : last.SipStatusCode;
        _reason[row] = last is null ? NotProbed : last.Reason is { } reason ? IndexOf(reason) : NoReason;
        _exports[row] = last is not null && last.Exports.Count > 0;
        var failures = _failures.AsSpan(row * _reasons, _reasons);
        for (var r = 0; r < _reasons; r++)
        {
            failures[r] = state.Failures[FailureReasons.All[r]];
        }
    }

    private static int IndexOf(string reason)
    {
        for (var r = 0; r < _reasons; r++)
        {
            if (string.Equals(FailureReasons.All[r], reason, StringComparison.Ordinal))
            {
                return r;
            }
        }

        return NoReason;
    }
}
