namespace PushExporter.Cli;

/// <summary>The exit codes of PRODUCT.md.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int ProbeFailed = 1;
    public const int BadUsage = 2;
}
