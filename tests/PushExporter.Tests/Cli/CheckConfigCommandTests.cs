using PushExporter.Cli;
using PushExporter.Testing;

namespace PushExporter.Tests.Cli;

/// <summary><c>pushexporter check-config</c>: every problem at once, with a did-you-mean, the web configuration too, and a warning for a file that probes nothing.</summary>
public sealed class CheckConfigCommandTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("check-config");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_unknown_key_suggests_the_key_it_likely_meant()
    {
        var path = Write("pushexporter.yml", "global:\n  dns_server: [\"127.0.0.1:53\"]\ntargets:\n  - name: edge\n    acces_edge_fqdn: edge.contoso.test\n");

        var (exit, output) = await Run("check-config", "--config.file", path);

        Assert.Equal(2, exit);
        Assert.Contains("global.dns_server: unknown key \"dns_server\" at line 2; did you mean \"dns_servers\"?", output, StringComparison.Ordinal);
        Assert.Contains("unknown key \"acces_edge_fqdn\" at line 5; did you mean \"access_edge_fqdn\"?", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_targets_passes_with_a_warning()
    {
        var path = Write("empty.yml", string.Empty);

        var (exit, output) = await Run("check-config", "--config.file", path);

        Assert.Equal(0, exit);
        Assert.Contains("warning: no targets: serve would probe nothing", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_web_configuration_is_checked_too_its_warnings_named()
    {
        var config = Write("pushexporter.yml", "targets:\n  - name: edge\n    access_edge_fqdn: edge.contoso.test\n");
        var web = Write("web.yml", "basic_auth_users:\n  prometheus: not-a-hash\nhttp_server_config:\n  http2: false\ntls_server_confg: {}\n");

        var (exit, output) = await Run("check-config", "--config.file", config, "--web.config.file", web);

        Assert.Equal(2, exit);
        Assert.Contains($"{config}: OK, 1 target(s)", output, StringComparison.Ordinal);
        Assert.Contains("basic_auth_users.prometheus: the password of user \"prometheus\" is not a bcrypt hash", output, StringComparison.Ordinal);
        Assert.Contains("did you mean \"tls_server_config\"?", output, StringComparison.Ordinal);
        Assert.Contains($"{web}: 2 problem(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_web_setting_dotnet_cannot_apply_is_a_warning_not_an_error()
    {
        var config = Write("pushexporter.yml", "targets:\n  - name: edge\n    access_edge_fqdn: edge.contoso.test\n");
        using var certificates = TestCertificates.Create("localhost");
        var web = Write("web.yml", $"tls_server_config:\n  cert_file: {certificates.Server.CertificatePath}\n  key_file: {certificates.Server.KeyPath}\n  curve_preferences: [X25519]\n");

        var (exit, output) = await Run("check-config", "--config.file", config, "--web.config.file", web);

        Assert.Equal(0, exit);
        Assert.Contains("tls_server_config.curve_preferences: warning: is not applied", output, StringComparison.Ordinal);
        Assert.Contains($"{web}: OK, TLS on, 0 basic auth user(s)", output, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = _directory.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Exit, string Output)> Run(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(arguments, output, error, TestContext.Current.CancellationToken);
        return (exit, output.ToString() + error);
    }
}
