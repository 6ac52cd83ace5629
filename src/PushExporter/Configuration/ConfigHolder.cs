namespace PushExporter.Configuration;

/// <summary>
/// The configuration in force and the outcome of the last (re)load. A failed reload keeps
/// the last good configuration and only flips <see cref="LastReloadSuccessful"/> to false.
/// </summary>
internal sealed class ConfigHolder
{
    private readonly Lock _gate = new();
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

    /// <summary>Raised after a successful reload with the new configuration.</summary>
    public event Action<ExporterConfig>? Changed;

    /// <summary>Re-reads <see cref="Path"/>; on errors keeps the current configuration.</summary>
    public ConfigLoadResult Reload()
    {
        if (Path is null)
        {
            return new ConfigLoadResult(Current, []);
        }

        var result = ConfigLoader.Load(Path);
        if (result.Config is not null && result.Errors.Count == 0 && _admission?.Invoke(result.Config) is { } refusal)
        {
            result = new ConfigLoadResult(null, [new ConfigError(Path, 0, 0, "targets", refusal)]);
        }

        lock (_gate)
        {
            if (result.Config is null || result.Errors.Count > 0)
            {
                LastReloadSuccessful = false;
                LastErrors = result.Errors;
                return result;
            }

            _current = result.Config;
            LastReloadSuccessful = true;
            LastErrors = [];
            LastSuccessfulReload = _time.GetUtcNow();
        }

        Changed?.Invoke(result.Config);
        return result;
    }
}
