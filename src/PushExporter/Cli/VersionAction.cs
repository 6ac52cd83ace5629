using System.CommandLine;
using System.CommandLine.Invocation;
using PushExporter.Vocabulary;

namespace PushExporter.Cli;

/// <summary><c>--version</c> as Prometheus exporters print it: name, version, branch, revision, then the build's details.</summary>
internal sealed class VersionAction(TextWriter output) : SynchronousCommandLineAction
{
    public static string Text { get; } =
        $"""
        pushexporter, version {BuildInfo.Version} (branch: {BuildInfo.Branch}, revision: {BuildInfo.Revision})
          build date:       {BuildInfo.Date}
          runtime:          {BuildInfo.Runtime}
          platform:         {BuildInfo.Platform}

        """;

    public override int Invoke(ParseResult parseResult)
    {
        output.Write(Text);
        return ExitCodes.Success;
    }
}
