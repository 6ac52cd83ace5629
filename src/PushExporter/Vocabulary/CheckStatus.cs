namespace PushExporter.Vocabulary;

/// <summary>What became of one check in one probe. Not run is never reported as passed.</summary>
internal enum CheckStatus
{
    NotRun,
    Passed,
    Failed,
}
