namespace PushExporter.Configuration;

/// <summary>The whole configuration file, defaults filled in and validated.</summary>
internal sealed record ExporterConfig(
    GlobalConfig Global,
    IReadOnlyDictionary<string, ModuleConfig> Modules,
    IReadOnlyList<TargetConfig> Targets);
