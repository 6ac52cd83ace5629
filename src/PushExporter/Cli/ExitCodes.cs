namespace PushExporter.Cli;

/// <summary>The exit codes of PRODUCT.md.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int ProbeFailed = 1;

    /// <summary><c>serve</c> could not start (a port in use, an unreadable certificate) or stopped after a failure.</summary>
    public const int ServeFailed = 1;

    public const int BadUsage = 2;
}
