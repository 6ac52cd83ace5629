using System.Net.Security;
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
    [InlineData("bad_min_version.yml", "tls_server_config.min_version", 4, "\"TLS9\" is not a TLS version: use TLS12 or TLS13")]
    [InlineData("reserved_header.yml", "http_server_config.headers.WWW-Authenticate", 3, "is set by the server")]
    [InlineData("unknown_key.yml", "basic_auth_user", 1, "unknown key \"basic_auth_user\" at line 1; did you mean \"basic_auth_users\"?")]
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
    public void Every_exporter_toolkit_key_loads_what_dotnet_cannot_apply_is_a_warning_naming_the_key()
    {
        var result = WebConfigLoader.Load(Path.Combine(_fixtures, "toolkit.yml"));

        Assert.Empty(result.Errors);
        var config = Assert.IsType<WebConfig>(result.Config);
        var tls = config.Tls!;
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, tls.Protocols);
        Assert.Equal([TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384], tls.CipherSuites);
        Assert.Equal(["prometheus.example.org", "10.0.0.5"], tls.ClientAllowedSans);
        Assert.False(config.Http2);
        Assert.Equal(
            ["tls_server_config.min_version", "tls_server_config.curve_preferences", "tls_server_config.prefer_server_cipher_suites"],
            result.Warnings.Select(w => w.Key));
        Assert.All(result.Warnings, w => Assert.True(w.Line > 0));
    }

    [Theory]
    [InlineData("TLS12", "TLS12", SslProtocols.Tls12)]
    [InlineData("TLS13", "TLS13", SslProtocols.Tls13)]
    [InlineData("TLS12", "TLS13", SslProtocols.Tls12 | SslProtocols.Tls13)]
    public void Min_and_max_version_bound_the_protocols_offered(string min, string max, SslProtocols expected)
    {
        var result = WebConfigLoader.Parse($"tls_server_config:\n  cert_file: certs/server.pem\n  key_file: certs/server.key\n  min_version: {min}\n  max_version: {max}\n", "web.yml", _fixtures);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Config!.Tls!.Protocols);
    }

    [Theory]
    [InlineData("max_version: TLS12\n  min_version: TLS13", "tls_server_config.max_version", "is below min_version")]
    [InlineData("cipher_suites: [TLS_RSA_WITH_RC4_128_MD5X]", "tls_server_config.cipher_suites[0]", "is not a cipher suite name")]
    [InlineData("client_allowed_sans: [a.example.org]", "tls_server_config.client_allowed_sans", "needs client_auth_type")]
    public void Toolkit_keys_with_impossible_values_are_errors(string yaml, string key, string message)
    {
        var result = WebConfigLoader.Parse($"tls_server_config:\n  cert_file: certs/server.pem\n  key_file: certs/server.key\n  {yaml}\n", "web.yml", _fixtures);

        var error = Assert.Single(result.Errors);
        Assert.Equal(key, error.Key);
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
