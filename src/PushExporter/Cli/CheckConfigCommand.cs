using System.CommandLine;
using PushExporter.Configuration;

namespace PushExporter.Cli;

/// <summary><c>pushexporter check-config</c>: validate, print every problem, exit 0 or 2.</summary>
internal static class CheckConfigCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var config = CommandLine.ConfigFileOption();
        var command = new Command("check-config", "Validate the configuration file and print every problem with its key and line.") { config };
        command.SetAction(async parsed =>
        {
            var path = parsed.GetValue(config)!;
            var loaded = ConfigLoader.Load(path);
            if (loaded.Config is null || loaded.Errors.Count > 0)
            {
                CommandLine.PrintErrors(error, loaded.Errors);
                await error.WriteLineAsync($"{path}: {loaded.Errors.Count} problem(s)").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            await output.WriteLineAsync($"{path}: OK, {loaded.Config.Targets.Count} target(s), {loaded.Config.Modules.Count} module(s)").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
