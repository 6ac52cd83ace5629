using BenchmarkDotNet.Running;
using PushExporter.Bench;

// `loopback [rounds] [calls]`: the Stopwatch harness against Kamailio and SIPp; anything else goes to BenchmarkDotNet.
// `scrape [targets] [scrapes]`: /metrics of the real host, in process, over synthetic target states.
// `dnscpu [lookups] [rounds]`: CPU time and allocation per DNS lookup, DnsClient against SipDnsResolver.
return args.Length > 0 && args[0] == "loopback" ? await LoopbackTransactionBench.RunAsync(args)
    : args.Length > 0 && args[0] == "scrape" ? await MetricsScrapeBench.RunAsync(args)
    : args.Length > 0 && args[0] == "dnscpu" ? await DnsLookupCpuBench.RunAsync(args)
    : RunBenchmarks(args);

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(LoopbackTransactionBench).Assembly).Run(args);
    return 0;
}
