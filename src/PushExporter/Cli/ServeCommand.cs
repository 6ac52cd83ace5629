using System.CommandLine;
using System.Runtime.InteropServices;
using PushExporter.Configuration;
using PushExporter.Demo;
using PushExporter.Hosting;
using PushExporter.Web;

namespace PushExporter.Cli;

/// <summary><c>pushexporter [serve]</c>: the host.</summary>
internal sealed class ServeCommand(TextWriter error)
{
    private readonly Option<string> _config = CommandLine.ConfigFileOption();
    private readonly Option<string> _listen = new("--web.listen-address") { Description = $"Address to serve on, HOST:PORT or :PORT (default {ServeOptions.DefaultListenAddress}).", DefaultValueFactory = _ => ServeOptions.DefaultListenAddress };
    private readonly Option<string> _webConfig = new("--web.config.file") { Description = "Exporter-toolkit web configuration: TLS and basic auth." };
    private readonly Option<string> _logLevel = new("--log.level") { Description = "debug, info, warn or error.", DefaultValueFactory = _ => "info" };
    private readonly Option<string> _logFormat = new("--log.format") { Description = "text or json.", DefaultValueFactory = _ => "text" };
    private readonly Option<bool> _demo = new("--demo") { Description = "Probe an in-process simulated Edge, DNS server and clearing house that cycle through every failure reason." };

    public void AddTo(Command command)
    {
        _logLevel.AcceptOnlyFromAmong([.. Logging.Levels]);
        _logFormat.AcceptOnlyFromAmong([.. Logging.Formats]);
        command.Options.Add(_config);
        command.Options.Add(_listen);
        command.Options.Add(_webConfig);
        command.Options.Add(_logLevel);
        command.Options.Add(_logFormat);
        command.Options.Add(_demo);
    }

    public async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        if (!CommandLine.TryLoadWebConfig(parsed.GetValue(_webConfig), error, out var webConfig))
        {
            return ExitCodes.BadUsage;
        }

        var options = new ServeOptions
        {
            ListenAddress = parsed.GetValue(_listen)!,
            WebConfig = webConfig,
            LogLevel = parsed.GetValue(_logLevel)!,
            LogFormat = parsed.GetValue(_logFormat)!,
        };
        if (!ListenAddress.TryParse(options.ListenAddress, out _, out var listenError))
        {
            await error.WriteLineAsync($"--web.listen-address: {listenError}").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }

        await using var demo = parsed.GetValue(_demo) ? await DemoWorld.StartAsync(time, cancellationToken).ConfigureAwait(false) : null;
        string? path = null;
        ExporterConfig config;
        if (demo is not null)
        {
            config = demo.Config;
        }
        else
        {
            path = parsed.GetValue(_config) ?? CommandLine.DefaultConfigFile;
            var loaded = ConfigLoader.Load(path);
            if (loaded.Config is null || loaded.Errors.Count > 0)
            {
                CommandLine.PrintErrors(error, loaded.Errors);
                return ExitCodes.BadUsage;
            }

            config = loaded.Config;
        }

        await using var app = ExporterEndpoints.Map(ExporterApp.Build(options, path, config, time));
        var reloader = app.Services.GetRequiredService<ConfigReloader>();
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
        {
            signal.Cancel = true;
            reloader.Reload("SIGHUP");
        });
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
