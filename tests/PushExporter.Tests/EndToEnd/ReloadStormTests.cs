using System.Globalization;
using System.Net;
using System.Text;
using PushExporter.Testing;

namespace PushExporter.Tests.EndToEnd;

/// <summary>
/// A reload storm against the real binary (issue 11, finding 4): hundreds of <c>SIGHUP</c>s and
/// <c>POST /-/reload</c>s interleaved with no pause while the file flips between valid and
/// invalid. The process stays up, keeps probing, every POST gets a 200 or a 500 that names the
/// error, and afterwards the reload gauge and the configuration in force are exactly what the
/// last reloads said.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReloadStormTests : IDisposable
{
    private const int Rounds = 500;
    private const int HangUpsPerRound = 3;

    // Enough targets that restarting the probe loops takes a while: a reload lands while the previous one restarts them.
    private const int TargetsPerSet = 200;

    // What an operator gets wrong: a key that does not exist, a mistyped brace, a bad duration, a duplicate name.
    private static readonly string[] _invalid =
    [
        "global:\n  interval: 1s\n  bogus_setting: 3\ntargets: []\n",
        "global: {interval: 30s\ntargets:\n  - name: a\n",
        "global:\n  interval: soon\ntargets: []\n",
        "targets:\n  - name: twice\n    access_edge_fqdn: 127.0.0.1\n  - name: twice\n    access_edge_fqdn: 127.0.0.1\n",
    ];

    private readonly TempDirectory _directory = TempDirectory.Create("storm");
    private readonly int _refusedPort = FreePort.Tcp();

    private string ConfigPath => _directory.File("pushexporter.yml");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Hundreds_of_interleaved_sighups_and_posts_over_valid_and_invalid_files_leave_the_last_good_configuration_serving()
    {
        var ct = TestContext.Current.CancellationToken;
        await WriteAsync(Valid("start", 2), ct);
        await using var exporter = ExporterProcess.Start(FreePort.Tcp(), "--config.file", ConfigPath);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{exporter.Port}/"), Timeout = TimeSpan.FromSeconds(120) };
        await exporter.WaitUntilHealthyAsync(http);

        var posts = new List<Task<(HttpStatusCode Status, string Body)>>();
        var signals = new List<Task>();
        for (var round = 0; round < Rounds; round++)
        {
            // Valid files cycle through three target sets, so the storm stays within the target capacity.
            await WriteAsync(round % 2 == 0 ? Valid(string.Create(CultureInfo.InvariantCulture, $"set{round % 3}"), TargetsPerSet) : _invalid[round / 2 % _invalid.Length], ct);
            signals.Add(exporter.HangUpAsync(HangUpsPerRound));
            posts.Add(PostReloadAsync(http, ct));
        }

        await Task.WhenAll(signals);
        var answers = await Task.WhenAll(posts);
        Assert.True(exporter.IsRunning, "the exporter died in the storm\n" + exporter.Output);
        Assert.All(answers, answer => Assert.True(
            answer.Status == HttpStatusCode.OK || (answer.Status == HttpStatusCode.InternalServerError && answer.Body.Contains("previous configuration is still running", StringComparison.Ordinal) && answer.Body.Contains("pushexporter.yml:", StringComparison.Ordinal)),
            $"{(int)answer.Status}: {answer.Body}"));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.InternalServerError);

        // The file last written is invalid: a reload now is refused, whatever the storm left queued.
        var last = await PostReloadAsync(http, ct);
        Assert.Equal(HttpStatusCode.InternalServerError, last.Status);
        Assert.Equal(0, await ValueAsync(http, "pushexporter_config_last_reload_successful"));

        // Then a known good file, an invalid one over it, and a last good one: the gauge and the targets follow exactly.
        await WriteAsync(Valid("good", 2), ct);
        Assert.Equal(HttpStatusCode.OK, (await PostReloadAsync(http, ct)).Status);
        Assert.Equal(1, await ValueAsync(http, "pushexporter_config_last_reload_successful"));
        await WriteAsync(_invalid[1], ct);
        var refused = await PostReloadAsync(http, ct);
        Assert.Equal(HttpStatusCode.InternalServerError, refused.Status);
        Assert.Contains("pushexporter.yml:", refused.Body, StringComparison.Ordinal);
        Assert.Equal(0, await ValueAsync(http, "pushexporter_config_last_reload_successful"));
        Assert.Equal(["good_0", "good_1"], await TargetsInForceAsync(http, ct));
        var probed = await ValueAsync(http, "pushexporter_probes_total", ("target", "good_1")) ?? 0;
        await exporter.WaitUntilAsync(async () => await ValueAsync(http, "pushexporter_probes_total", ("target", "good_1")) > probed, "probing good_1 after the storm");

        await WriteAsync(Valid("final", 1), ct);
        Assert.Equal(HttpStatusCode.OK, (await PostReloadAsync(http, ct)).Status);
        Assert.Equal(1, await ValueAsync(http, "pushexporter_config_last_reload_successful"));
        Assert.Equal(["final_0"], await TargetsInForceAsync(http, ct));
        await exporter.WaitUntilAsync(async () => await ValueAsync(http, "pushexporter_probes_total", ("target", "final_0")) >= 1, "probing final_0");
        Assert.True(exporter.IsRunning, exporter.Output);
        Assert.DoesNotContain("Unhandled exception", exporter.Output, StringComparison.Ordinal);
    }

    // Written beside and renamed over, as configuration management does: a reload sees one file or the other, never half of one.
    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        var temporary = ConfigPath + ".new";
        await File.WriteAllTextAsync(temporary, text, cancellationToken);
        File.Move(temporary, ConfigPath, overwrite: true);
    }

    private string Valid(string prefix, int targets)
    {
        var yaml = new StringBuilder("global:\n  interval: 1s\n  timeout: 500ms\ntargets:\n");
        for (var i = 0; i < targets; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: {prefix}_{i}\n    access_edge_fqdn: 127.0.0.1\n    port: {_refusedPort}\n    transport: tcp\n");
        }

        return yaml.ToString();
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostReloadAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri("-/reload", UriKind.Relative), null, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static async Task<double?> ValueAsync(HttpClient http, string name, params (string Name, string Value)[] labels) =>
        ExpositionText.Parse(await http.GetStringAsync(new Uri("metrics", UriKind.Relative), TestContext.Current.CancellationToken)).Value(name, labels);

    // The configuration in force, as the status page lists its targets.
    private static async Task<string[]> TargetsInForceAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var page = await http.GetStringAsync(new Uri("", UriKind.Relative), cancellationToken);
        var table = page[page.IndexOf("<table id=\"targets\"", StringComparison.Ordinal)..page.IndexOf("<table id=\"history\"", StringComparison.Ordinal)];
        return [.. table.Split("<tr data-target=\"").Skip(1).Select(row => row[..row.IndexOf('"', StringComparison.Ordinal)]).Order(StringComparer.Ordinal)];
    }
}
