namespace PushExporter.Configuration;

/// <summary>
/// The configuration in force and the outcome of the last (re)load. A failed reload keeps
/// the last good configuration and only flips <see cref="LastReloadSuccessful"/> to false.
/// </summary>
internal sealed class ConfigHolder
{
    private readonly Lock _gate = new();

    // Held for a whole reload: two reloads never interleave, whoever calls them.
    private readonly Lock _reloading = new();
    private readonly TimeProvider _time;
    private readonly Func<ExporterConfig, string?>? _admission;
    private ExporterConfig _current;

    /// <summary>
    /// Holds <paramref name="initial"/>, loaded from <paramref name="path"/>. The
    /// <paramref name="admission"/> is asked about every valid reloaded configuration before it
    /// replaces the current one; a message refuses it (the reload fails and the current
    /// configuration keeps running).
    /// </summary>
    public ConfigHolder(string? path, ExporterConfig initial, TimeProvider time, Func<ExporterConfig, string?>? admission = null)
    {
        Path = path;
        _current = initial;
        _time = time;
        _admission = admission;
        LastSuccessfulReload = time.GetUtcNow();
    }

    /// <summary>The file reloads read; null for a configuration built in memory (ad hoc, demo).</summary>
    public string? Path { get; }

    public ExporterConfig Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public bool LastReloadSuccessful { get; private set; } = true;

    public DateTimeOffset LastSuccessfulReload { get; private set; }

    /// <summary>The errors of the last failed reload, empty after a success.</summary>
    public IReadOnlyList<ConfigError> LastErrors { get; private set; } = [];

    /// <summary>
    /// Raised after a successful reload with the new configuration, one reload at a time. A
    /// subscriber that throws undoes the reload: the previous configuration is restored, and
    /// raised again, and the reload reports the exception.
    /// </summary>
    public event Action<ExporterConfig>? Changed;

    /// <summary>
    /// Re-reads <see cref="Path"/>; on errors keeps the current configuration. One reload runs
    /// at a time. Whatever goes wrong — an invalid file, an exception while loading or applying
    /// it — is a refused reload with the reason, never an exception.
    /// </summary>
    public ConfigLoadResult Reload()
    {
        if (Path is null)
        {
            return new ConfigLoadResult(Current, []);
        }

        lock (_reloading)
        {
            ConfigLoadResult result;
            try
            {
                result = ConfigLoader.Load(Path);
                if (result.Config is not null && result.Errors.Count == 0 && _admission?.Invoke(result.Config) is { } refusal)
                {
                    result = new ConfigLoadResult(null, [new ConfigError(Path, 0, 0, "targets", refusal)]);
                }
            }
            catch (Exception exception)
            {
                result = Refusal("loading it", exception);
            }

            if (result.Config is null || result.Errors.Count > 0)
            {
                Refuse(result.Errors);
                return result;
            }

            ExporterConfig previous;
            DateTimeOffset previousSuccess;
            lock (_gate)
            {
                previous = _current;
                previousSuccess = LastSuccessfulReload;
                _current = result.Config;
                LastReloadSuccessful = true;
                LastErrors = [];
                LastSuccessfulReload = _time.GetUtcNow();
            }

            try
            {
                Changed?.Invoke(result.Config);
                return result;
            }
            catch (Exception exception)
            {
                // Some part of the host could not take the new configuration: the one that ran before runs on, everywhere.
                var refused = Refusal("applying it", exception);
                lock (_gate)
                {
                    _current = previous;
                    LastSuccessfulReload = previousSuccess;
                }

                Refuse(refused.Errors);
                Changed?.Invoke(previous);
                return refused;
            }
        }
    }

    // The exception's own words, bounded like every error text: its message may quote what it read.
    private ConfigLoadResult Refusal(string stage, Exception exception) =>
        new(null, [new ConfigError(Path!, 0, 0, string.Empty, $"the reload failed while {stage}: {exception.GetType().Name}: {MappingReader.Quote(exception.Message)}")]);

    private void Refuse(IReadOnlyList<ConfigError> errors)
    {
        lock (_gate)
        {
            LastReloadSuccessful = false;
            LastErrors = errors;
        }
    }
}
