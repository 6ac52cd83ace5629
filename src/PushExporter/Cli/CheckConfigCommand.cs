using System.CommandLine;
using PushExporter.Configuration;
using PushExporter.Hosting;

namespace PushExporter.Cli;

/// <summary>
/// <c>pushexporter check-config</c>: validate the configuration file (and the web configuration
/// file, when given), print every problem and every warning, exit 0 or 2.
/// </summary>
internal static class CheckConfigCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var config = CommandLine.ConfigFileOption();
        var webConfig = new Option<string>("--web.config.file") { Description = "Also validate this exporter-toolkit web configuration (TLS, basic auth)." };
        var command = new Command("check-config", "Validate the configuration file (and the web configuration) and print every problem with its key and line.") { config, webConfig };
        command.SetAction(async parsed =>
        {
            var path = parsed.GetValue(config)!;
            var loaded = ConfigLoader.Load(path);
            var valid = loaded.Config is not null && loaded.Errors.Count == 0;
            if (!valid)
            {
                CommandLine.PrintErrors(error, loaded.Errors);
                await error.WriteLineAsync($"{path}: {loaded.Errors.Count} problem(s)").ConfigureAwait(false);
            }
            else if (loaded.Config!.Targets.Count == 0)
            {
                await error.WriteLineAsync($"{path}: warning: no targets: serve would probe nothing").ConfigureAwait(false);
                await output.WriteLineAsync($"{path}: OK, 0 target(s), {loaded.Config.Modules.Count} module(s)").ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"{path}: OK, {loaded.Config.Targets.Count} target(s), {loaded.Config.Modules.Count} module(s)").ConfigureAwait(false);
            }

            if (parsed.GetValue(webConfig) is { } webPath)
            {
                var web = WebConfigLoader.Load(webPath);
                foreach (var warning in web.Warnings)
                {
                    await error.WriteLineAsync($"{warning.File}:{warning.Line}:{warning.Column}: {warning.Key}: warning: {warning.Message}").ConfigureAwait(false);
                }

                if (web.Config is null || web.Errors.Count > 0)
                {
                    CommandLine.PrintErrors(error, web.Errors);
                    await error.WriteLineAsync($"{webPath}: {web.Errors.Count} problem(s)").ConfigureAwait(false);
                    valid = false;
                }
                else
                {
                    await output.WriteLineAsync($"{webPath}: OK, TLS {(web.Config.Tls is null ? "off" : "on")}, {web.Config.BasicAuthUsers.Count} basic auth user(s)").ConfigureAwait(false);
                }
            }

            return valid ? ExitCodes.Success : ExitCodes.BadUsage;
        });
        return command;
    }
}
