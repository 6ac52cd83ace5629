namespace PushExporter.Monitoring.Tests.Paging;

/// <summary>
/// Prometheus's own linter on the exporter's real exposition: a /metrics scrape taken while
/// the exporter probes succeeding and failing targets (so every family has samples) is piped
/// to <c>promtool check metrics</c>, which must report nothing at all: no exception list.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SharedPagingWorld.Name)]
public sealed class MetricsLintTests(PagingWorld world)
{
    [Fact]
    public async Task Promtool_check_metrics_reports_nothing_on_a_live_scrape()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string scrape;
        while (true)
        {
            // Wait until the latency histogram and the TLS expiry have samples: every family present.
            scrape = await world.Exporter.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken);
            if ((scrape.Contains("pushexporter_probe_latency_seconds_bucket{", StringComparison.Ordinal)
                    && scrape.Contains("pushexporter_tls_certificate_expiry_timestamp_seconds{", StringComparison.Ordinal))
                || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        Assert.Contains("pushexporter_probe_latency_seconds_bucket{", scrape, StringComparison.Ordinal);
        var run = await ExternalTool.Require("promtool").RunAsync(["check", "metrics"], scrape, cancellationToken);

        var reported = (run.StandardOutput + run.StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // Exit code 3 is promtool's "lint problems found"; anything else but 0 is a parse error.
        Assert.True(reported.Length == 0 && run.ExitCode == 0, $"{run}\n--- scrape ---\n{scrape}");
    }
}
