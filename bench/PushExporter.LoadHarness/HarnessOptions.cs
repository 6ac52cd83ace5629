using System.Globalization;

namespace PushExporter.LoadHarness;

/// <summary>The command line: <c>--targets 100,1000,10000 --seconds 90 ...</c>; see <see cref="Usage"/>.</summary>
internal sealed record HarnessOptions
{
    public const string Usage = """
        PushExporter load harness: runs the Release pushexporter against N loopback targets served by one Kamailio.
          --targets LIST         target counts to run, comma-separated (default 100,1000,10000; 0 = skip)
          --seconds S            measured window per N, after the warm-up (default 90)
          --warmup S             warm-up before each window (default 25)
          --runs R               repetitions of each N; medians are reported (default 1)
          --scrapes K            timed /metrics scrapes per N, median reported (default 7)
          --idle-seconds S       idle-RSS run with one target (default 30; 0 = skip)
          --compare-requests M   /probe comparison, long phase: requests to each exporter from its start (default 20000; 0 = skip)
          --compare-cold M       /probe comparison, cold phase: the first M of those requests (default 5000)
          --compare-rounds R     rounds of the /probe comparison, fresh processes, alternating which goes first (default 3)
          --compare-idle S       seconds each exporter idles after it is ready, before its idle RSS is read (default 5)
          --concurrency C        concurrent /probe requests (default 8)
          --soak-minutes M       RSS soak at --soak-targets (default 0 = skip)
          --soak-targets N       targets for the soak (default 1000)
          --tcp-children W       Kamailio TCP workers (default 4)
          --exporter PATH        the native pushexporter (default: what dotnet publish -c Release src/PushExporter makes,
                                 src/PushExporter/bin/Release/net10.0/linux-x64/publish/pushexporter), or a pushexporter.dll to run JIT
          --env NAME=VALUE       set in pushexporter's environment (repeatable), e.g. DOTNET_GCgen0size=400000 (hex, no 0x: the native build ignores the prefix form)
        """;

    public IReadOnlyList<int> Targets { get; init; } = [100, 1000, 10000];

    public int Seconds { get; init; } = 90;

    public int Warmup { get; init; } = 25;

    public int Runs { get; init; } = 1;

    public int Scrapes { get; init; } = 7;

    public int IdleSeconds { get; init; } = 30;

    public int CompareRequests { get; init; } = 20000;

    public int CompareCold { get; init; } = 5000;

    public int CompareRounds { get; init; } = 3;

    public int CompareIdle { get; init; } = 5;

    public int Concurrency { get; init; } = 8;

    public int SoakMinutes { get; init; }

    public int SoakTargets { get; init; } = 1000;

    public int TcpChildren { get; init; } = 4;

    public string? Exporter { get; init; }

    public IReadOnlyDictionary<string, string?> ExporterEnvironment { get; init; } = new Dictionary<string, string?>();

    public static HarnessOptions Parse(string[] args)
    {
        var options = new HarnessOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value\n{Usage}");
            options = args[i] switch
            {
                "--targets" => options with { Targets = [.. value.Split(',').Select(Int).Where(n => n > 0)] },
                "--seconds" => options with { Seconds = Int(value) },
                "--warmup" => options with { Warmup = Int(value) },
                "--runs" => options with { Runs = Int(value) },
                "--scrapes" => options with { Scrapes = Int(value) },
                "--idle-seconds" => options with { IdleSeconds = Int(value) },
                "--compare-requests" => options with { CompareRequests = Int(value) },
                "--compare-cold" => options with { CompareCold = Int(value) },
                "--compare-rounds" => options with { CompareRounds = Int(value) },
                "--compare-idle" => options with { CompareIdle = Int(value) },
                "--concurrency" => options with { Concurrency = Int(value) },
                "--soak-minutes" => options with { SoakMinutes = Int(value) },
                "--soak-targets" => options with { SoakTargets = Int(value) },
                "--tcp-children" => options with { TcpChildren = Int(value) },
                "--exporter" => options with { Exporter = value },
                "--env" => options with { ExporterEnvironment = new Dictionary<string, string?>(options.ExporterEnvironment) { [value.Split('=')[0]] = value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..] } },
                _ => throw new ArgumentException($"unknown option {args[i]}\n{Usage}"),
            };
            i++;
        }

        return options;
    }

    private static int Int(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
}
