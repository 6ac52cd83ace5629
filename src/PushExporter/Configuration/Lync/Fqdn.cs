namespace PushExporter.Configuration.Lync;

/// <summary>Host names as the Lync settings hold them: compared case-insensitively, a trailing dot ignored.</summary>
internal static class Fqdn
{
    public static bool SameHost(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a.TrimEnd('.'), b.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
}
