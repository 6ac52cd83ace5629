namespace PushExporter.Tests.Metrics;

/// <summary>
/// The tests that create the <c>PushExporter</c> meter in this process: an SDK provider collects
/// every meter of that name, so they run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PushExporterMeter
{
    public const string Name = "PushExporter meter";
}
