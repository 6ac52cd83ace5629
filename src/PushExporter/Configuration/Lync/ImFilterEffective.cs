namespace PushExporter.Configuration.Lync;

/// <summary>The effective scope of <c>Get-CsImFilterConfiguration</c>.</summary>
internal sealed record ImFilterEffective(string Identity, bool Enabled, string Action, IReadOnlyList<string> Prefixes)
{
    /// <summary>
    /// True when this filter rejects a push notification's <c>http:</c>/<c>https:</c> links:
    /// enabled, action Block, and one of those prefixes listed (compared case-insensitively).
    /// </summary>
    public bool BlocksHttp =>
        Enabled
        && Action == ImFilterActions.Block
        && Prefixes.Any(p => p.TrimEnd(':').Trim() is var scheme
            && (scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)));

    public bool Equals(ImFilterEffective? other) =>
        other is not null
        && Identity == other.Identity
        && Enabled == other.Enabled
        && Action == other.Action
        && Prefixes.SequenceEqual(other.Prefixes);

    public override int GetHashCode() => HashCode.Combine(Identity, Enabled, Action, Prefixes.Count);
}
