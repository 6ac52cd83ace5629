using System.Security.Authentication;
using PushExporter.Hosting;

namespace PushExporter.Tests.Hosting;

public sealed class WebConfigLoaderTests
{
    private static readonly string _fixtures = Path.Combine(AppContext.BaseDirectory, "Hosting", "Fixtures");

    [Fact]
    public void Loads_tls_basic_auth_and_headers()
    {
        var result = WebConfigLoader.Load(Path.Combine(_fixtures, "valid.yml"));

        Assert.Empty(result.Errors);
        var config = Assert.IsType<WebConfig>(result.Config);
        Assert.Equal(
            new TlsServerConfig
            {
                CertFile = Path.Combine(_fixtures, "certs", "server.pem"),
                KeyFile = Path.Combine(_fixtures, "certs", "server.key"),
                ClientAuthType = ClientAuthType.RequireAndVerifyClientCert,
                ClientCaFile = Path.Combine(_fixtures, "certs", "clients-ca.pem"),
                MinVersion = SslProtocols.Tls13,
            },
            config.Tls);
        Assert.Equal(["grafana", "prometheus"], config.BasicAuthUsers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("deny", config.Headers["x-frame-options"]);
    }

    [Fact]
    public void Absent_sections_mean_plain_http_without_auth()
    {
        var config = Assert.IsType<WebConfig>(WebConfigLoader.Parse(string.Empty, "web.yml", _fixtures).Config);

        Assert.Null(config.Tls);
        Assert.Empty(config.BasicAuthUsers);
        Assert.Empty(config.Headers);
    }

    [Fact]
    public void Hashes_never_appear_in_to_string()
    {
        var config = WebConfigLoader.Load(Path.Combine(_fixtures, "valid.yml")).Config!;

        var text = config.ToString();

        Assert.Contains("prometheus", text, StringComparison.Ordinal);
        Assert.DoesNotContain("$2", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not_a_hash.yml", "basic_auth_users.prometheus", 2, "the password of user \"prometheus\" is not a bcrypt hash")]
    [InlineData("missing_key_file.yml", "tls_server_config.key_file", 2, "is required when tls_server_config is given")]
    [InlineData("missing_cert_on_disk.yml", "tls_server_config.cert_file", 2, "file not found: ")]
    [InlineData("bad_client_auth_type.yml", "tls_server_config.client_auth_type", 4, "\"RequireClientCert\" is not one of NoClientCert, RequestClientCert")]
    [InlineData("verify_without_ca.yml", "tls_server_config.client_auth_type", 4, "RequireAndVerifyClientCert needs client_ca_file")]
    [InlineData("ca_without_policy.yml", "tls_server_config.client_ca_file", 4, "is set but client_auth_type is NoClientCert")]
    [InlineData("bad_min_version.yml", "tls_server_config.min_version", 4, "\"TLS10\" is not supported: use TLS12 or TLS13")]
    [InlineData("reserved_header.yml", "http_server_config.headers.WWW-Authenticate", 3, "is set by the server")]
    [InlineData("unknown_key.yml", "basic_auth_user", 1, "unknown key \"basic_auth_user\" at line 1")]
    [InlineData("colon_in_user.yml", "basic_auth_users.prom:etheus", 2, "contain no ':'")]
    public void Reports_each_kind_of_invalid_web_configuration(string file, string key, int line, string message)
    {
        var result = WebConfigLoader.Load(Path.Combine(_fixtures, "invalid", file));

        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors);
        Assert.Equal(key, error.Key);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_password_value_is_not_echoed()
    {
        var error = Assert.Single(WebConfigLoader.Load(Path.Combine(_fixtures, "invalid", "not_a_hash.yml")).Errors);

        Assert.DoesNotContain("correct horse", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_error()
    {
        var error = Assert.Single(WebConfigLoader.Load(Path.Combine(_fixtures, "absent.yml")).Errors);

        Assert.StartsWith("web configuration file not found: ", error.Message, StringComparison.Ordinal);
    }
}
