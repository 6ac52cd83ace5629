using PushExporter.Configuration;

namespace PushExporter.Hosting;

/// <summary>Either a valid web configuration (no errors) or every error found (no configuration).</summary>
internal sealed record WebConfigLoadResult(WebConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Config is not null;
}
