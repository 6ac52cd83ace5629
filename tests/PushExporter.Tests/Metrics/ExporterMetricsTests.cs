using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using PushExporter.Configuration;
using PushExporter.Metrics;
using PushExporter.Probing;
using PushExporter.Sip.Transport;
using PushExporter.Steps;
using PushExporter.Tests.Probing;
using PushExporter.Vocabulary;

namespace PushExporter.Tests.Metrics;

/// <summary>
/// The instruments as the SDK collects them, read with a <see cref="MeterListener"/>. Other hosts
/// in this process publish instruments of the same names, so only this test's targets (names
/// starting <c>mt-</c>) are read.
/// </summary>
[Collection(PushExporterMeter.Name)]
public sealed class ExporterMetricsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Target_info_is_1_for_every_configured_target_before_any_probe()
    {
        var config = Load("""
            targets:
              - name: mt-atl-edge
                access_edge_fqdn: atl-edge-001.litwareinc.com
                site: Redmond
                module: push_message
              - name: mt-lab-edge
                access_edge_fqdn: 127.0.0.1
                port: 5070
                transport: tcp
            """);
        using var metrics = new ExporterMetrics(new TargetStateStore(), new ConfigHolder(null, config, _time), new TargetCapacity(config), _time);

        var info = Collect<int>("pushexporter_target_info");

        Assert.Equal(2, info.Count);
        Assert.Contains((1, "access_edge_fqdn=atl-edge-001.litwareinc.com,module=push_message,site=Redmond,target=mt-atl-edge,transport=tls"), info);
        Assert.Contains((1, "access_edge_fqdn=127.0.0.1,module=push_route,site=,target=mt-lab-edge,transport=tcp"), info);
    }

    [Fact]
    public void The_edge_certificate_expiry_keeps_its_last_value_when_a_later_probe_fails_before_tls()
    {
        var config = Load("targets:\n  - { name: mt-edge, access_edge_fqdn: edge.test }\n");
        var store = new TargetStateStore();
        store.SetTargets(["mt-edge"]);
        using var metrics = new ExporterMetrics(store, new ConfigHolder(null, config, _time), new TargetCapacity(config), _time);
        var notAfter = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        store.Record(TestResults.Success("mt-edge", _time.GetUtcNow()) with
        {
            Tls = new TlsSessionInfo("edge.test", System.Security.Authentication.SslProtocols.Tls12, null, [new TlsCertificateInfo("CN=edge.test", "CN=CA", notAfter.AddDays(-30), notAfter, "AB")], notAfter, true, null),
        });
        store.Record(TestResults.Success("mt-edge", _time.GetUtcNow()) with { Failure = new ProbeFailure(FailureReasons.ConnectFailed, CheckLabels.EdgeConnect, "refused", null, "fix it") });
        _time.Advance(TimeSpan.FromSeconds(1));

        var expiry = Collect<double>("pushexporter_tls_certificate_expiry_timestamp_seconds");

        Assert.Equal([(notAfter.ToUnixTimeSeconds(), "target=mt-edge")], expiry);
        Assert.Equal([(0, "target=mt-edge")], Collect<int>("pushexporter_probe_success"));
    }

    [Fact]
    public void A_collection_right_after_a_reload_shows_the_new_targets_series()
    {
        var config = Load("targets:\n  - { name: mt-kept, access_edge_fqdn: edge.test }\n  - { name: mt-removed, access_edge_fqdn: edge.test }\n");
        var store = new TargetStateStore();
        store.SetTargets(["mt-kept", "mt-removed"]);
        using var metrics = new ExporterMetrics(store, new ConfigHolder(null, config, _time), new TargetCapacity(config), _time);
        Assert.Equal(["target=mt-kept", "target=mt-removed"], Collect<long>("pushexporter_probes_total").Select(p => p.Labels));

        // A reload well within the snapshot's lifetime (the clock does not move): seen by the next scrape all the same.
        store.SetTargets(["mt-kept", "mt-added"]);

        Assert.Equal(["target=mt-kept", "target=mt-added"], Collect<long>("pushexporter_probes_total").Select(p => p.Labels));
    }

    [Fact]
    public void A_reload_that_changes_target_info_labels_counts_against_the_capacity()
    {
        var config = Load("targets:\n  - { name: mt-edge, access_edge_fqdn: edge.test }\n");
        var capacity = new TargetCapacity(config);
        var extra = TargetCapacity.Minimum - 1;

        // Same name, new Access Edge each time: one series of target_info each.
        for (var i = 0; i < extra; i++)
        {
            Assert.Null(capacity.Admit(Load($"targets:\n  - {{ name: mt-edge, access_edge_fqdn: edge{i}.test }}\n")));
        }

        var refused = capacity.Admit(Load("targets:\n  - { name: mt-edge, access_edge_fqdn: one-too-many.test }\n"));
        Assert.NotNull(refused);
        Assert.Contains("pushexporter_target_info label sets", refused, StringComparison.Ordinal);
    }

    private static ExporterConfig Load(string yaml)
    {
        var loaded = ConfigLoader.Parse(yaml, "pushexporter.yml", Path.GetTempPath());
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Errors));
        return loaded.Config;
    }

    private static List<(T Value, string Labels)> Collect<T>(string instrument)
        where T : struct
    {
        var seen = new List<(T, string)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (candidate, l) =>
        {
            if (candidate.Meter.Name == ExporterMetrics.MeterName && candidate.Name == instrument)
            {
                l.EnableMeasurementEvents(candidate);
            }
        };
        listener.SetMeasurementEventCallback<T>((_, value, tags, _) =>
        {
            var labels = new List<string>();
            foreach (var tag in tags)
            {
                labels.Add($"{tag.Key}={tag.Value}");
            }

            if (labels.Exists(l => l.StartsWith("target=mt-", StringComparison.Ordinal)))
            {
                seen.Add((value, string.Join(',', labels)));
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
