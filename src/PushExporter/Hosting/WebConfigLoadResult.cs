using PushExporter.Configuration;

namespace PushExporter.Hosting;

/// <summary>
/// Either a valid web configuration (no errors) or every error found (no configuration); and,
/// either way, the exporter-toolkit settings that are accepted but cannot take effect here.
/// </summary>
internal sealed record WebConfigLoadResult(WebConfig? Config, IReadOnlyList<ConfigError> Errors, IReadOnlyList<ConfigError> Warnings)
{
    public bool IsValid => Config is not null;
}
