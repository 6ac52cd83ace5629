using BenchmarkDotNet.Attributes;
using PushExporter.Sip.Resolution;

namespace PushExporter.Bench;

/// <summary>
/// RFC 2782 ordering of one SRV answer: every record in one priority with weights 0–100 (about
/// one in ten of weight 0), the case a flood of records makes (issue 15).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SrvOrderingBenchmarks
{
    private SrvTarget[] _records = [];
    private Random _random = null!;

    [Params(10, 1_000, 100_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var build = new Random(2782);
        _records = [.. Enumerable.Range(0, Records).Select(i => new SrvTarget($"edge{i}.contoso.com", 5061, 10, build.Next(10) == 0 ? 0 : build.Next(1, 101)))];
        _random = new Random(15);
    }

    [Benchmark(Description = "Order SRV records")]
    public IReadOnlyList<SrvTarget> Order() => SrvOrdering.Order(_records, _random);
}
