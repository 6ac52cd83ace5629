using System.Diagnostics;
using System.Globalization;
using PushExporter.Sip.Resolution;

namespace PushExporter.Bench;

/// <summary>
/// CPU time and allocation per lookup, sequential lookups against the in-process responder:
/// process CPU (user + system, all threads, the responder's included, which is the same for
/// every case) and allocated bytes over N lookups, divided by N. CPU time, unlike the wall
/// time BenchmarkDotNet reports, hardly depends on what else the machine is running.
/// </summary>
internal static class DnsLookupCpuBench
{
    private const string FederationSrv = "_sipfederationtls._tcp.contoso.com";

    public static async Task<int> RunAsync(string[] args)
    {
        var lookups = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        using var responder = new LoopbackDnsResponder();
        var client = DnsLookupBenchmarks.LookupClientAsConfigured(responder.EndPoint);
        var resolver = new SipDnsResolver(new DnsResolverOptions { NameServers = [responder.EndPoint] });
        (string Name, Func<Task> Lookup)[] cases =
        [
            ("DnsClient LookupClient: SRV, 4 records", () => client.QueryAsync(FederationSrv, DnsClient.QueryType.SRV)),
            ("SipDnsResolver: SRV, 4 records, ordered", () => resolver.ResolveSrvAsync(FederationSrv, null, CancellationToken.None)),
            ("DnsClient LookupClient: A, 1 record", () => client.QueryAsync("edge.contoso.com", DnsClient.QueryType.A)),
            ("SipDnsResolver: A + AAAA, 1 address", () => resolver.ResolveAddressesAsync("edge.contoso.com", null, CancellationToken.None)),
        ];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds of {lookups} sequential lookups per case; CPU and allocation per lookup, median of rounds"));
        foreach (var (_, lookup) in cases)
        {
            for (var i = 0; i < 5_000; i++)
            {
                await lookup();
            }
        }

        var figures = cases.ToDictionary(c => c.Name, _ => new List<(double Cpu, double Bytes, double Wall)>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, lookup) in cases)
            {
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                var wall = Stopwatch.StartNew();
                for (var i = 0; i < lookups; i++)
                {
                    await lookup();
                }

                wall.Stop();
                process.Refresh();
                figures[name].Add((
                    (process.TotalProcessorTime - cpu).TotalMicroseconds / lookups,
                    (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)lookups,
                    wall.Elapsed.TotalMicroseconds / lookups));
            }
        }

        Console.WriteLine("| Lookup | CPU µs | Allocated B | Wall µs |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, values) in figures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(values.Select(v => v.Cpu)):0.0} | {Median(values.Select(v => v.Bytes)):0} | {Median(values.Select(v => v.Wall)):0.0} |"));
        }

        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
