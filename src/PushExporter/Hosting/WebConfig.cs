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

    // Hashes are secrets too (offline guessing): print the user names only.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Tls = ").Append(Tls)
            .Append(", BasicAuthUsers = [").AppendJoin(", ", BasicAuthUsers.Keys.Order(StringComparer.Ordinal)).Append(']')
            .Append(", Headers = [").AppendJoin(", ", Headers.Keys).Append(']');
        return true;
    }
}
