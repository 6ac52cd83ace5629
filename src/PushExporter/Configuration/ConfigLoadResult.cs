namespace PushExporter.Configuration;

/// <summary>Either a valid configuration (no errors) or every error found (no configuration).</summary>
internal sealed record ConfigLoadResult(ExporterConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Config is not null;
}
