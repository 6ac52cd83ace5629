using System.Net.Security;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using PushExporter.Configuration;
using YamlDotNet.RepresentationModel;

namespace PushExporter.Hosting;

/// <summary>
/// Loads the exporter-toolkit web configuration (<c>tls_server_config</c>,
/// <c>basic_auth_users</c>, <c>http_server_config</c>), collecting every error with key and
/// line. Error messages name users and keys, never a hash or a key file's content.
/// </summary>
internal static partial class WebConfigLoader
{
    // Written by the server or by the authentication layer; configuring them would break or bypass it.
    private static readonly HashSet<string> _reservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "WWW-Authenticate", "Content-Length", "Content-Type", "Content-Encoding",
        "Transfer-Encoding", "Connection", "Upgrade", "Date", "Server",
    };

    public static WebConfigLoadResult Load(string path)
    {
        var errors = new ConfigErrorList(path);
        return YamlFile.ReadText(path, "web configuration file", errors) is { } text
            ? Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path))!)
            : new WebConfigLoadResult(null, errors.Errors, []);
    }

    public static WebConfigLoadResult Parse(string yaml, string fileName, string baseDirectory)
    {
        var errors = new ConfigErrorList(fileName);
        var warnings = new ConfigErrorList(fileName);
        if (!YamlFile.TryParse(yaml, errors, out var top))
        {
            return new WebConfigLoadResult(null, errors.Errors, []);
        }

        var (headers, http2) = ParseHttpServerConfig(top?.Get("http_server_config"), errors);
        var config = new WebConfig
        {
            Tls = ParseTls(top?.Get("tls_server_config"), baseDirectory, errors, warnings),
            BasicAuthUsers = ParseUsers(top?.Get("basic_auth_users"), errors),
            Headers = headers,
            Http2 = http2,
        };
        top?.ReportUnknownKeys();

        return errors.Count == 0 ? new WebConfigLoadResult(config, [], warnings.Errors) : new WebConfigLoadResult(null, errors.Errors, warnings.Errors);
    }

    private static TlsServerConfig? ParseTls(YamlNode? node, string baseDirectory, ConfigErrorList errors, ConfigErrorList warnings)
    {
        var reader = MappingReader.Open(node, "tls_server_config", errors);
        if (reader is null)
        {
            return null;
        }

        var before = errors.Count;
        var certFile = reader.GetFilePath("cert_file", baseDirectory, mustExist: true);
        var keyFile = reader.GetFilePath("key_file", baseDirectory, mustExist: true);
        var clientCaFile = reader.GetFilePath("client_ca_file", baseDirectory, mustExist: true);
        foreach (var required in (string[])["cert_file", "key_file"])
        {
            if (reader.Get(required) is null)
            {
                reader.Error(required, "is required when tls_server_config is given");
            }
        }

        var authType = ClientAuthType.NoClientCert;
        if (reader.GetString("client_auth_type") is { } authText)
        {
            if (Enum.TryParse<ClientAuthType>(authText, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(authText[0]))
            {
                authType = parsed;
            }
            else
            {
                reader.Error("client_auth_type", $"\"{authText}\" is not one of {string.Join(", ", Enum.GetNames<ClientAuthType>())}");
            }
        }

        // As in the exporter-toolkit: verifying needs a CA, and a CA without a policy is a forgotten setting.
        if (authType is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert && reader.Get("client_ca_file") is null)
        {
            reader.Error("client_auth_type", $"{authType} needs client_ca_file");
        }
        else if (authType == ClientAuthType.NoClientCert && reader.Get("client_ca_file") is not null)
        {
            reader.Error("client_ca_file", "is set but client_auth_type is NoClientCert: set client_auth_type, e.g. RequireAndVerifyClientCert");
        }

        var minVersion = TlsVersion(reader, "min_version", SslProtocols.Tls12, warnings);
        var maxVersion = TlsVersion(reader, "max_version", SslProtocols.Tls13, warnings);
        if (minVersion == SslProtocols.Tls13 && maxVersion == SslProtocols.Tls12)
        {
            reader.Error("max_version", "is below min_version: no TLS version is left to offer");
        }

        var cipherSuites = CipherSuites(reader, errors, warnings);
        var allowedSans = reader.GetSequence("client_allowed_sans") is { } sans
            ? StringList(sans, reader.KeyPath("client_allowed_sans"), errors)
            : [];
        if (allowedSans.Length > 0 && authType is not (ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert))
        {
            reader.Error("client_allowed_sans", $"needs client_auth_type VerifyClientCertIfGiven or RequireAndVerifyClientCert, not {authType}");
        }

        // Accepted, so that a web.yml shared with Go exporters loads, but .NET has no such knob: said, never silent.
        if (reader.Get("curve_preferences") is { } curves)
        {
            warnings.Add(curves, reader.KeyPath("curve_preferences"), "is not applied: .NET offers the platform's (OpenSSL's or Windows') key exchange groups");
        }

        if (reader.Get("prefer_server_cipher_suites") is { } prefer)
        {
            warnings.Add(prefer, reader.KeyPath("prefer_server_cipher_suites"), "is not applied: the platform's TLS library orders the cipher suites (Go ignores this key too since 1.18)");
        }

        reader.ReportUnknownKeys();
        return errors.Count != before ? null : new TlsServerConfig
        {
            CertFile = certFile!,
            KeyFile = keyFile!,
            ClientAuthType = authType,
            ClientCaFile = clientCaFile,
            MinVersion = minVersion,
            MaxVersion = maxVersion,
            CipherSuites = cipherSuites,
            ClientAllowedSans = allowedSans,
        };
    }

    // The exporter-toolkit's names. TLS 1.0 and 1.1 are accepted as a minimum but not offered.
    private static SslProtocols TlsVersion(MappingReader reader, string key, SslProtocols fallback, ConfigErrorList warnings)
    {
        switch (reader.GetString(key))
        {
            case null:
                return fallback;
            case "TLS12":
                return SslProtocols.Tls12;
            case "TLS13":
                return SslProtocols.Tls13;
            case "TLS10" or "TLS11" when key == "min_version":
                warnings.Add(reader.Get(key)!, reader.KeyPath(key), "TLS 1.0 and 1.1 are not offered: the minimum is TLS12");
                return SslProtocols.Tls12;
            case var other:
                reader.Error(key, $"\"{other}\" is not a TLS version: use TLS12 or TLS13{(key == "min_version" ? " (TLS10 and TLS11 are read as TLS12)" : string.Empty)}");
                return fallback;
        }
    }

    // Go's names are the IANA names, which .NET's TlsCipherSuite uses too.
    private static List<TlsCipherSuite>? CipherSuites(MappingReader reader, ConfigErrorList errors, ConfigErrorList warnings)
    {
        if (reader.GetSequence("cipher_suites") is not { } sequence)
        {
            return null;
        }

        var suites = new List<TlsCipherSuite>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"{reader.KeyPath("cipher_suites")}[{i}]";
            if (sequence.Children[i] is YamlScalarNode { Value: { } name } && name.StartsWith("TLS_", StringComparison.Ordinal)
                && Enum.TryParse<TlsCipherSuite>(name, ignoreCase: false, out var suite) && Enum.IsDefined(suite))
            {
                suites.Add(suite);
            }
            else
            {
                errors.Add(sequence.Children[i], path, $"{MappingReader.Describe(sequence.Children[i])} is not a cipher suite name such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            }
        }

        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            warnings.Add(sequence, reader.KeyPath("cipher_suites"), "is not applied on this platform: Windows chooses the cipher suites (its own policy)");
        }

        return suites;
    }

    private static string[] StringList(YamlSequenceNode sequence, string path, ConfigErrorList errors)
    {
        var list = new List<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is YamlScalarNode { Value: { Length: > 0 } text })
            {
                list.Add(text);
            }
            else
            {
                errors.Add(sequence.Children[i], $"{path}[{i}]", "must be a non-empty string");
            }
        }

        return [.. list];
    }

    private static Dictionary<string, string> ParseUsers(YamlNode? node, ConfigErrorList errors)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = MappingReader.Open(node, "basic_auth_users", errors);
        if (reader is null)
        {
            return users;
        }

        foreach (var (user, key, value) in reader.Entries())
        {
            var path = reader.KeyPath(user);
            if (user.Length == 0 || user.Contains(':', StringComparison.Ordinal))
            {
                errors.Add(key, path, "a user name must be non-empty and contain no ':' (RFC 7617)");
            }
            else if (value is not YamlScalarNode { Value: { } hash } || !BcryptHashPattern().IsMatch(hash))
            {
                errors.Add(value, path, $"the password of user \"{user}\" is not a bcrypt hash (create one with: htpasswd -nBC 10 {user})");
            }
            else
            {
                users[user] = hash;
            }
        }

        return users;
    }

    private static (Dictionary<string, string> Headers, bool Http2) ParseHttpServerConfig(YamlNode? node, ConfigErrorList errors)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var reader = MappingReader.Open(node, "http_server_config", errors);
        if (reader is null)
        {
            return (headers, true);
        }

        var http2 = reader.GetBool("http2") ?? true;

        var headerReader = MappingReader.Open(reader.Get("headers"), reader.KeyPath("headers"), errors);
        foreach (var (name, key, value) in headerReader?.Entries() ?? [])
        {
            var path = headerReader!.KeyPath(name);
            if (!HeaderNamePattern().IsMatch(name))
            {
                errors.Add(key, path, $"\"{name}\" is not a valid header name");
            }
            else if (_reservedHeaders.Contains(name))
            {
                errors.Add(key, path, $"{name} is set by the server and cannot be configured");
            }
            else if (value is not YamlScalarNode { Value: { } text } || text.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                errors.Add(value, path, "must be a single-line string");
            }
            else
            {
                headers[name] = text;
            }
        }

        reader.ReportUnknownKeys();
        return (headers, http2);
    }

    // Modular crypt format: $2a$/$2b$/$2y$, a two-digit cost, then 22 salt and 31 hash characters.
    [GeneratedRegex(@"^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$", RegexOptions.CultureInvariant)]
    private static partial Regex BcryptHashPattern();

    // RFC 9110 §5.6.2 token.
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderNamePattern();
}
