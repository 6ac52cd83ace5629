using System.Globalization;

namespace PushExporter.LoadHarness;

/// <summary>The command line of <c>soak</c>: <c>soak --duration 60m --targets 1000 ...</c>; see <see cref="Usage"/>.</summary>
internal sealed record SoakOptions
{
    public const string Usage = """
        PushExporter soak: one exporter, N loopback targets (most on Kamailio's 200 OK port, a fraction on
        hostile Edges in this process), a configuration reload every minute; samples to CSV, a verdict at the end.
          soak [options]
          --exporter PATH          the native pushexporter from `dotnet publish -c Release src/PushExporter -o DIR`,
                                   or a pushexporter.dll (default: the Release build's dll)
          --duration D             measured time after the warm-up (default 60m; units ms, s, m, h)
          --warmup D               time after start before sampling begins (default 60s)
          --targets N              configured targets (default 1000)
          --hostile-percent P      share of targets on the hostile Edges, spread evenly (default 10)
          --interval D             probe interval of every target (default 10s)
          --timeout D              probe timeout (default 5s)
          --sample-every D         sampling period (default 10s)
          --reload-every D         period of configuration reloads (default 60s)
          --drip-pause D           the slow-drip Edge's pause between bytes (default 100ms)
          --scrape-deadline D      a /metrics answer slower than this fails the soak (default 30s)
          --window D               length of the first and last windows compared (default 10m, at most a third of --duration)
          --rss-tolerance P        flat if the last window's median RSS is at most P % above the first's (default 10)
          --cpu-tolerance P        the same for CPU cores (default 25)
          --latency-tolerance P    the same for /metrics latency (default 25)
          --csv PATH               the samples (default soak.csv)
          --tcp-children W         Kamailio TCP workers (default 4)
        Exit codes: 0 flat, 1 the exporter died, stopped answering, stalled or a reload left it wrong, 3 not flat.
        """;

    public string? Exporter { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(60);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(60);

    public int Targets { get; init; } = 1000;

    public int HostilePercent { get; init; } = 10;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReloadEvery { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan DripPause { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ScrapeDeadline { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    public double RssTolerancePercent { get; init; } = 10;

    public double CpuTolerancePercent { get; init; } = 25;

    public double LatencyTolerancePercent { get; init; } = 25;

    public string Csv { get; init; } = "soak.csv";

    public int TcpChildren { get; init; } = 4;

    /// <summary>The compared windows: <see cref="Window"/>, but never more than a third of the run.</summary>
    public TimeSpan EffectiveWindow => Window < Duration / 3 ? Window : Duration / 3;

    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SoakOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value\n{Usage}");
            options = args[i] switch
            {
                "--exporter" => options with { Exporter = value },
                "--duration" => options with { Duration = ParseDuration(value) },
                "--warmup" => options with { Warmup = ParseDuration(value) },
                "--targets" => options with { Targets = Int(value) },
                "--hostile-percent" => options with { HostilePercent = Int(value) },
                "--interval" => options with { Interval = ParseDuration(value) },
                "--timeout" => options with { Timeout = ParseDuration(value) },
                "--sample-every" => options with { SampleEvery = ParseDuration(value) },
                "--reload-every" => options with { ReloadEvery = ParseDuration(value) },
                "--drip-pause" => options with { DripPause = ParseDuration(value) },
                "--scrape-deadline" => options with { ScrapeDeadline = ParseDuration(value) },
                "--window" => options with { Window = ParseDuration(value) },
                "--rss-tolerance" => options with { RssTolerancePercent = Int(value) },
                "--cpu-tolerance" => options with { CpuTolerancePercent = Int(value) },
                "--latency-tolerance" => options with { LatencyTolerancePercent = Int(value) },
                "--csv" => options with { Csv = value },
                "--tcp-children" => options with { TcpChildren = Int(value) },
                _ => throw new ArgumentException($"unknown option {args[i]}\n{Usage}"),
            };
            i++;
        }

        if (options.Targets < 1 || options.HostilePercent is < 0 or > 100)
        {
            throw new ArgumentException($"--targets must be at least 1 and --hostile-percent 0–100\n{Usage}");
        }

        return options;
    }

    /// <summary>Parses <c>100ms</c>, <c>90s</c>, <c>60m</c> or <c>1h</c>.</summary>
    public static TimeSpan ParseDuration(string value)
    {
        var digits = value.TakeWhile(char.IsAsciiDigit).Count();
        var number = digits > 0 ? Int(value[..digits]) : throw new ArgumentException($"not a duration: {value}");
        return value[digits..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            _ => throw new ArgumentException($"not a duration (ms, s, m or h): {value}"),
        };
    }

    private static int Int(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
}
