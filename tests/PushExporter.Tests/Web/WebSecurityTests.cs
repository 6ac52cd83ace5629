using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using PushExporter.Testing;
using PushExporter.Tests.EndToEnd;

namespace PushExporter.Tests.Web;

/// <summary>
/// <c>--web.config.file</c> against the real binary: TLS and basic auth on every endpoint,
/// client-certificate verification, secrets kept out of logs and pages, and the JSON log lines.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WebSecurityTests(SecuredExporter exporter) : IClassFixture<SecuredExporter>
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "metrics" },
        { "GET", $"probe?target={SecuredExporter.Target}" },
        { "GET", "" },
        { "GET", "-/healthy" },
        { "GET", "-/ready" },
        { "POST", "-/reload" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_needs_the_right_password(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using (var anonymous = exporter.Client())
        using (var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var challenge = Assert.Single(response.Headers.WwwAuthenticate);
            Assert.Equal("Basic", challenge.Scheme);
        }

        using (var wrong = exporter.Client(SecuredExporter.User, exporter.Password + "x"))
        using (var response = await wrong.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var unknown = exporter.Client("grafana", exporter.Password))
        using (var response = await unknown.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var right = exporter.Client(SecuredExporter.User, exporter.Password);
        using var ok = await right.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct);
        Assert.True(ok.StatusCode == HttpStatusCode.OK, $"{method} /{path}: {ok.StatusCode} {await ok.Content.ReadAsStringAsync(ct)}");
    }

    [Fact]
    public async Task A_correct_scrape_stays_prompt_while_64_concurrent_wrong_passwords_are_checked()
    {
        const int Attackers = 64;
        var ct = TestContext.Current.CancellationToken;
        using var right = exporter.Client(SecuredExporter.User, exporter.Password);
        using (var first = await right.GetAsync(new Uri("metrics", UriKind.Relative), ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // Each attacker sends wrong passwords back to back, every one new, so that each costs a bcrypt check.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var answered = 0;
        var attackers = Enumerable.Range(0, Attackers).Select(i => Task.Run(async () =>
        {
            using var wrong = exporter.Client(SecuredExporter.User, $"wrong-{i}");
            for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{SecuredExporter.User}:wrong-{i}-{attempt}")));
                    using var response = await wrong.SendAsync(request, stop.Token);
                    Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"{response.StatusCode}");
                    Interlocked.Increment(ref answered);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }, CancellationToken.None)).ToList();

        await exporter.Process.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref answered) >= Attackers), $"answering {Attackers} wrong passwords");
        var scrapes = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var response = await right.GetAsync(new Uri("metrics", UriKind.Relative), ct);
            await response.Content.ReadAsStringAsync(ct);
            scrapes.Add(clock.Elapsed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await stop.CancelAsync();
        await Task.WhenAll(attackers);
        var shown = string.Join(", ", scrapes.Select(s => s.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture))) + " ms";
        TestContext.Current.TestOutputHelper?.WriteLine($"correct scrapes under {Attackers} concurrent wrong passwords: {shown}; wrong passwords answered: {answered}");
        Assert.True(scrapes.Order().ElementAt(scrapes.Count / 2) < TimeSpan.FromSeconds(1), $"correct scrapes took {shown}");
    }

    [Fact]
    public async Task Plain_http_to_the_tls_port_gets_no_answer()
    {
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var ct = TestContext.Current.CancellationToken;
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new Uri($"http://127.0.0.1:{exporter.Process.Port}/-/healthy"), ct));
    }

    [Fact]
    public async Task A_server_certificate_from_another_ca_is_not_what_the_exporter_serves()
    {
        // The client trusts only the untrusted CA: the handshake must fail, so the exporter really serves the configured certificate.
        using var client = SecuredExporter.Https(exporter.BaseAddress, exporter.Certificates.UntrustedCa.CertificatePath, SecuredExporter.User, exporter.Password, null);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("-/healthy", UriKind.Relative), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Json_logs_are_one_object_per_line_with_the_state_change_once_and_every_probe_at_debug()
    {
        using var client = exporter.Client(SecuredExporter.User, exporter.Password);
        await exporter.Process.WaitUntilAsync(() => Task.FromResult(FailedProbeLines().Count >= 2), "logging two failed probes");

        // Every line on stdout is one JSON object.
        foreach (var line in exporter.Process.StdoutLines)
        {
            JsonValueKind kind;
            try
            {
                using var document = JsonDocument.Parse(line);
                kind = document.RootElement.ValueKind;
            }
            catch (JsonException exception)
            {
                throw new Xunit.Sdk.XunitException($"not a JSON object: {line}\n{exception.Message}");
            }

            Assert.True(kind == JsonValueKind.Object, line);
        }

        // Target and reason are fields of their own, not only words inside the message; the change
        // to failing is logged once, with the diagnosis and the fix, however often the probe fails.
        var failing = Assert.Single(Lines("probe failing"));
        Assert.Equal("warn", failing.GetProperty("level").GetString());
        Assert.Equal(SecuredExporter.Target, failing.GetProperty("target").GetString());
        Assert.Equal("connect_failed", failing.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(failing.GetProperty("error").GetString()));
        Assert.False(string.IsNullOrEmpty(failing.GetProperty("diagnosis").GetString()));
        Assert.False(string.IsNullOrEmpty(failing.GetProperty("fix").GetString()));
        Assert.True(DateTimeOffset.TryParse(failing.GetProperty("ts").GetString(), CultureInfo.InvariantCulture, out _));

        // At debug every probe has its line: never more lines than failures counted, and every counted failure gets its line.
        var before = await FailuresCounted(client);
        await exporter.Process.WaitUntilAsync(() => Task.FromResult(FailedProbeLines().Count >= before), $"logging {before} failed probes");
        var lines = FailedProbeLines().Count;
        var after = await FailuresCounted(client);
        Assert.True(lines >= before && lines <= after, $"{lines} failed-probe lines, {before} failures counted before, {after} after\n{exporter.Process.Output}");
    }

    [Fact]
    public async Task Secrets_never_appear_in_logs_traces_or_pages()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = exporter.Client(SecuredExporter.User, exporter.Password);
        await exporter.Process.WaitUntilAsync(() => Task.FromResult(FailedProbeLines().Count >= 1), "logging a failed probe");

        // A failed login, a reload and a debug probe give every code path a chance to log what it holds.
        using (var wrong = exporter.Client(SecuredExporter.User, exporter.Password + "x"))
        {
            using var denied = await wrong.GetAsync(new Uri("metrics", UriKind.Relative), ct);
        }

        using var reload = await client.PostAsync(new Uri("-/reload", UriKind.Relative), null, ct);
        var pages = new Dictionary<string, string>
        {
            ["/"] = await client.GetStringAsync(new Uri("", UriKind.Relative), ct),
            ["/probe debug trace"] = await client.GetStringAsync(new Uri($"probe?target={SecuredExporter.Target}&debug=true", UriKind.Relative), ct),
            ["/metrics"] = await client.GetStringAsync(new Uri("metrics", UriKind.Relative), ct),
            ["POST /-/reload"] = await reload.Content.ReadAsStringAsync(ct),
        };
        Assert.Contains(SecuredExporter.Target, pages["/"], StringComparison.Ordinal);
        pages["logs"] = exporter.Process.Output;

        var keyLines = (await File.ReadAllLinesAsync(exporter.Certificates.Server.KeyPath, ct))
            .Where(line => line.Length > 0 && !line.StartsWith("-----", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(keyLines);
        foreach (var (where, text) in pages)
        {
            Assert.False(text.Contains(exporter.Password, StringComparison.Ordinal), $"the password appears in {where}");
            Assert.False(text.Contains(exporter.Hash, StringComparison.Ordinal), $"the bcrypt hash appears in {where}");
            // The hash without its "$2a$10$" prefix: the salt and digest must not leak in another encoding of the line either.
            Assert.False(text.Contains(exporter.Hash[7..], StringComparison.Ordinal), $"the bcrypt salt and digest appear in {where}");
            foreach (var keyLine in keyLines)
            {
                Assert.False(text.Contains(keyLine, StringComparison.Ordinal), $"the TLS key file's content appears in {where}");
            }
        }
    }

    [Fact]
    public async Task Healthcheck_given_the_web_config_speaks_https_and_counts_the_basic_challenge_as_an_answer()
    {
        var address = $"127.0.0.1:{exporter.Process.Port}";
        var (code, output, error) = await Healthcheck("--web.listen-address", address, "--web.config.file", exporter.WebConfigPath);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("401", output, StringComparison.Ordinal);

        // Without the web config it speaks plain HTTP to a TLS port: unhealthy.
        (code, output, error) = await Healthcheck("--web.listen-address", address);
        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
    }

    private static async Task<(int Code, string Output, string Error)> Healthcheck(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PushExporter.Cli.CommandLine.RunAsync(["healthcheck", .. arguments], output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    private List<JsonElement> FailedProbeLines() =>
        [.. Lines("probe finished").Where(line => line.GetProperty("level").GetString() == "debug" && line.GetProperty("reason").GetString() == "connect_failed")];

    private List<JsonElement> Lines(string message) =>
        [.. exporter.Process.StdoutLines
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.GetProperty("msg").GetString() == message)];

    private static async Task<int> FailuresCounted(HttpClient client)
    {
        var samples = ExpositionText.Parse(await client.GetStringAsync(new Uri("metrics", UriKind.Relative), TestContext.Current.CancellationToken));
        return (int)(samples.Value("pushexporter_probe_failures_total", ("target", SecuredExporter.Target), ("reason", "connect_failed")) ?? 0);
    }
}

/// <summary><c>client_auth_type: RequireAndVerifyClientCert</c>: only a certificate from the configured CA gets in.</summary>
[Trait("Category", "Integration")]
public sealed class ClientCertificateTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = TempDirectory.Create("mtls");
    private readonly TestCertificates _certificates = TestCertificates.Create("localhost");
    private ExporterProcess? _process;

    private Uri BaseAddress => new($"https://127.0.0.1:{_process!.Port}/");

    private string HealthSocket => _directory.File("health.sock");

    public async ValueTask InitializeAsync()
    {
        var webConfig = _directory.File("web.yml");
        await File.WriteAllTextAsync(webConfig, $"""
            tls_server_config:
              cert_file: {_certificates.Server.CertificatePath}
              key_file: {_certificates.Server.KeyPath}
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: {_certificates.Ca.CertificatePath}
            """);
        var config = _directory.File("pushexporter.yml");
        await File.WriteAllTextAsync(config, ConfigFiles.RefusingTarget("refused_edge", FreePort.Tcp()));
        _process = ExporterProcess.Start(FreePort.Tcp(), "--config.file", config, "--web.config.file", webConfig, "--web.health-socket", HealthSocket);
        using var certificate = LoadClientCertificate(_certificates.Client);
        using var client = SecuredExporter.Https(BaseAddress, _certificates.Ca.CertificatePath, null, null, certificate);
        await _process.WaitUntilHealthyAsync(client);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _certificates.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Without_a_client_certificate_the_handshake_fails()
    {
        using var client = SecuredExporter.Https(BaseAddress, _certificates.Ca.CertificatePath, null, null, null);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("-/healthy", UriKind.Relative), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_certificate_from_another_ca_is_refused()
    {
        using var certificate = LoadClientCertificate(_certificates.UntrustedServer);
        using var client = SecuredExporter.Https(BaseAddress, _certificates.Ca.CertificatePath, null, null, certificate);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("-/healthy", UriKind.Relative), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Healthcheck_says_it_cannot_present_a_client_certificate()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PushExporter.Cli.CommandLine.RunAsync(["healthcheck", "--web.listen-address", $"127.0.0.1:{_process!.Port}", "--web.config.file", _directory.File("web.yml")], output, error, TestContext.Current.CancellationToken);
        Assert.Equal(2, code);
        Assert.Contains("client certificate", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_through_the_health_socket_works_whatever_the_listener_requires()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PushExporter.Cli.CommandLine.RunAsync(["healthcheck", "--web.health-socket", HealthSocket], output, error, TestContext.Current.CancellationToken);

        Assert.True(code == 0, $"{output}\n{error}");
        Assert.Contains("200 OK", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_socket_answers_health_and_nothing_else()
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(HealthSocket), token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost/") };

        foreach (var (path, status) in (IEnumerable<(string, HttpStatusCode)>)[("-/healthy", HttpStatusCode.OK), ("-/ready", HttpStatusCode.OK), ("metrics", HttpStatusCode.NotFound), ("", HttpStatusCode.NotFound), ("probe?target=refused_edge", HttpStatusCode.NotFound)])
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == status, $"{path}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_certificate_from_the_client_ca_gets_every_endpoint()
    {
        using var certificate = LoadClientCertificate(_certificates.Client);
        using var client = SecuredExporter.Https(BaseAddress, _certificates.Ca.CertificatePath, null, null, certificate);
        foreach (var path in (string[])["metrics", "", "-/healthy", "-/ready"])
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static X509Certificate2 LoadClientCertificate(CertificateFiles files) =>
        X509Certificate2.CreateFromPemFile(files.CertificatePath, files.KeyPath);
}
