using PushExporter.Classification;

namespace PushExporter.Configuration;

/// <summary>What request a probe sends, and how its answers may be reclassified.</summary>
internal sealed record ModuleConfig
{
    public string Method { get; init; } = "OPTIONS";

    public string? ContentType { get; init; }

    public string? Body { get; init; }

    /// <summary>Extra headers added to the request, in configuration order.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The module's <c>reason_overrides</c> as rules, checked in order before the built-in classification table; the first match wins.</summary>
    public IReadOnlyList<ResponseRule> ReasonOverrides { get; init; } = [];
}
