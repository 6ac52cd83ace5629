using System.CommandLine;
using PushExporter.Configuration;
using PushExporter.Hosting;

namespace PushExporter.Cli;

/// <summary>
/// The command line of PRODUCT.md: <c>serve</c> (the default), <c>probe</c>, <c>check-config</c>.
/// Parse errors exit 2 with the parser's message, never 1 (which means "the probe failed").
/// </summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = Build(output, error);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"pushexporter: {problem.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'pushexporter --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var serve = new ServeCommand(error);
        var root = new RootCommand("PushExporter: probes the push notification route of Lync Server 2013 / Skype for Business Edge servers and exports it to Prometheus.");
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction(output);
        serve.AddTo(root);
        root.SetAction((parsed, ct) => serve.RunAsync(parsed, ct));

        var serveCommand = new Command("serve", "Run the exporter: probe every target on a timer and serve /metrics, /probe and the status page.");
        serve.AddTo(serveCommand);
        serveCommand.SetAction((parsed, ct) => serve.RunAsync(parsed, ct));
        root.Subcommands.Add(serveCommand);

        root.Subcommands.Add(ProbeCommand.Build(output, error));
        root.Subcommands.Add(CheckConfigCommand.Build(output, error));
        root.Subcommands.Add(HealthcheckCommand.Build(output, error));
        return root;
    }

    public const string DefaultConfigFile = "pushexporter.yml";

    /// <summary><c>--web.health-socket</c>, shared by serve and healthcheck; its default is the environment's.</summary>
    internal static Option<string> HealthSocketOption(string description) => new("--web.health-socket")
    {
        Description = $"{description} Default: ${HealthSocket.EnvironmentVariable}.",
        DefaultValueFactory = _ => HealthSocket.FromEnvironment()!,
    };

    internal static Option<string> ConfigFileOption() => new("--config.file")
    {
        Description = "The YAML configuration file.",
        DefaultValueFactory = _ => DefaultConfigFile,
    };

    /// <summary>
    /// Loads --web.config.file when given; false (errors printed) when it is invalid. The
    /// settings that load but cannot take effect here come back as <paramref name="warnings"/>.
    /// </summary>
    internal static bool TryLoadWebConfig(string? path, TextWriter error, out WebConfig? config, out IReadOnlyList<ConfigError> warnings)
    {
        config = null;
        warnings = [];
        if (path is null)
        {
            return true;
        }

        var loaded = WebConfigLoader.Load(path);
        warnings = loaded.Warnings;
        if (loaded.Config is null || loaded.Errors.Count > 0)
        {
            PrintErrors(error, loaded.Errors);
            return false;
        }

        config = loaded.Config;
        return true;
    }

    internal static void PrintErrors(TextWriter error, IEnumerable<ConfigError> errors)
    {
        foreach (var problem in errors)
        {
            error.WriteLine(problem.ToString());
        }
    }
}
