using System.CommandLine;
using System.Diagnostics;
using PushExporter.Configuration;
using PushExporter.Demo;
using PushExporter.Hosting;
using PushExporter.Vocabulary;
using PushExporter.Web;

namespace PushExporter.Cli;

/// <summary><c>pushexporter [serve]</c>: the host.</summary>
internal sealed partial class ServeCommand(TextWriter error)
{
    private readonly Option<string> _config = CommandLine.ConfigFileOption();
    private readonly Option<string> _listen = new("--web.listen-address") { Description = "Address to serve on, HOST:PORT or :PORT.", DefaultValueFactory = _ => ServeOptions.DefaultListenAddress };
    private readonly Option<string> _webConfig = new("--web.config.file") { Description = "Exporter-toolkit web configuration: TLS and basic auth." };
    private readonly Option<string> _logLevel = new("--log.level") { Description = "Only log messages of this level or above.", DefaultValueFactory = _ => "info" };
    private readonly Option<string> _logFormat = new("--log.format") { Description = "Output format of log lines: logfmt (text) or JSON.", DefaultValueFactory = _ => "text" };
    private readonly Option<string> _healthSocket = CommandLine.HealthSocketOption("Also answer /-/healthy and /-/ready, without TLS or auth, on this Unix domain socket (for healthcheck).");
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
        command.Options.Add(_healthSocket);
        command.Options.Add(_demo);
    }

    public async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        if (!CommandLine.TryLoadWebConfig(parsed.GetValue(_webConfig), error, out var webConfig, out var webWarnings))
        {
            return ExitCodes.BadUsage;
        }

        var options = new ServeOptions
        {
            ListenAddress = parsed.GetValue(_listen)!,
            WebConfig = webConfig,
            LogLevel = parsed.GetValue(_logLevel)!,
            LogFormat = parsed.GetValue(_logFormat)!,
            HealthSocketPath = parsed.GetValue(_healthSocket) is { Length: > 0 } socket ? socket : null,
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
            path = parsed.GetValue(_config)!;
            var loaded = ConfigLoader.Load(path);
            if (loaded.Config is null || loaded.Errors.Count > 0)
            {
                CommandLine.PrintErrors(error, loaded.Errors);
                return ExitCodes.BadUsage;
            }

            config = loaded.Config;
        }

        await using var app = ExporterEndpoints.Map(ExporterApp.Build(options, path, config, time));
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PushExporter.Serve");
        var interval = DurationParser.Format(config.Global.Interval);
        Log.Starting(logger, BuildInfo.Version, BuildInfo.Revision, options.ListenAddress, path ?? "(demo)", config.Targets.Count, interval);
        if (config.Targets.Count == 0)
        {
            Log.NoTargets(logger, path ?? "(demo)");
        }

        foreach (var warning in webWarnings)
        {
            Log.WebConfigNotApplied(logger, warning.File, warning.Line, warning.Key, warning.Message);
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One line that names what and where, as a Prometheus exporter prints it; the stack only at debug.
            Log.CannotStart(logger, options.ListenAddress, exception);
            return ExitCodes.ServeFailed;
        }

        var addresses = string.Join(",", app.Urls);
        Log.Listening(logger, addresses);
        ReleaseStartupGarbage(logger);
        var reloader = app.Services.GetRequiredService<ConfigReloader>();
        // The signal handler only queues the reload: the reloader runs one at a time and never throws.
        // Windows has no SIGHUP (.NET maps it to closing the console there): POST /-/reload reloads.
        using var hangup = HangupSignal.Register(() => _ = reloader.ReloadAsync("SIGHUP"));
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodeAfterShutdown(app.Services, logger);
    }

    /// <summary>
    /// A background service that failed (the probe scheduler) stops the host: that is an error,
    /// so that <c>Restart=on-failure</c> brings the exporter back. A stop that was asked for is 0.
    /// </summary>
    internal static int ExitCodeAfterShutdown(IServiceProvider services, ILogger logger)
    {
        if (services.GetServices<IHostedService>().OfType<BackgroundService>().FirstOrDefault(s => s.ExecuteTask?.IsFaulted == true) is { } failed)
        {
            Log.Stopped(logger, failed.ExecuteTask!.Exception!.GetBaseException());
            return ExitCodes.ServeFailed;
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Building and starting the host (its container, configuration, routing, Kestrel, the SDK's meters)
    /// allocates about 6 MB; 4.2 MB of it is still on the heap when the listener is up, of which 1.7 MB
    /// lives on. Left alone, those pages stay resident until the GC needs them again. One compacting full
    /// collection, in the mode that also returns the freed regions to the system, lowers the idle RSS by
    /// 2.5 MB five seconds after ready and by 4 MB two minutes later (docs/benchmarks.md). It pauses the
    /// process once, for about 7 ms in the native build; the debug log gives the heap before and after,
    /// and the pause.
    /// </summary>
    private static void ReleaseStartupGarbage(ILogger logger)
    {
        var before = GC.GetTotalMemory(forceFullCollection: false);
        var clock = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var pauseMs = Math.Round(clock.Elapsed.TotalMilliseconds, 2);
        var after = GC.GetTotalMemory(forceFullCollection: false);
        Log.StartupGarbageReleased(logger, before, after, pauseMs);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "starting pushexporter: version={Version} revision={Revision} listen_address={ListenAddress} config_file={ConfigFile} targets={Targets} interval={Interval}")]
        public static partial void Starting(ILogger logger, string version, string revision, string listenAddress, string configFile, int targets, string interval);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "no targets configured, nothing is probed: config_file={ConfigFile}")]
        public static partial void NoTargets(ILogger logger, string configFile);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "web configuration setting not applied: file={File} line={Line} key={Key} reason={Reason}")]
        public static partial void WebConfigNotApplied(ILogger logger, string file, int line, string key, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "listening: address={Address}")]
        public static partial void Listening(ILogger logger, string address);

        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "cannot start: listen_address={ListenAddress}")]
        public static partial void CannotStart(ILogger logger, string listenAddress, Exception exception);

        [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "stopped after a failure")]
        public static partial void Stopped(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "start-up garbage released: heap_bytes_before={HeapBytesBefore} heap_bytes_after={HeapBytesAfter} pause_ms={PauseMs}")]
        public static partial void StartupGarbageReleased(ILogger logger, long heapBytesBefore, long heapBytesAfter, double pauseMs);
    }
}
