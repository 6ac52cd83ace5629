using System.Text;

namespace PushExporter.Hosting;

/// <summary>
/// The <c>--web.config.file</c> of the Prometheus exporter-toolkit. <see cref="BasicAuthUsers"/>
/// maps user names to bcrypt hashes, which never appear in <see cref="ToString"/>.
/// </summary>
internal sealed record WebConfig
{
    /// <summary>Null means plain HTTP.</summary>
    public TlsServerConfig? Tls { get; init; }

    /// <summary>User name → bcrypt hash; empty means no authentication.</summary>
    public IReadOnlyDictionary<string, string> BasicAuthUsers { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra response headers (<c>http_server_config.headers</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary><c>http_server_config.http2</c>: offer HTTP/2 over TLS (the default, as in the exporter-toolkit).</summary>
    public bool Http2 { get; init; } = true;

    // Hashes are secrets too (offline guessing): print the user names only.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Tls = ").Append(Tls)
            .Append(", BasicAuthUsers = [").AppendJoin(", ", BasicAuthUsers.Keys.Order(StringComparer.Ordinal)).Append(']')
            .Append(", Headers = [").AppendJoin(", ", Headers.Keys).Append(']')
            .Append(", Http2 = ").Append(Http2);
        return true;
    }
}
