
namespace PushExporter.Configuration;

/// <summary>
/// Which target and module a one-off probe means: the same answer, and the same messages,
/// for <c>/probe?target=…&amp;module=…</c> and <c>pushexporter probe --target … --module …</c>.
/// </summary>
internal static class TargetLookup
{
    /// <summary>
    /// The configured target named <paramref name="name"/>, or — when
    /// <paramref name="allowAdhoc"/> — an ad hoc <c>host[:port]</c> target; and the module,
    /// which must exist when given. Null with <paramref name="error"/> saying why.
    /// </summary>
    public static TargetConfig? Find(ExporterConfig config, string name, string? module, bool allowAdhoc, out string? error)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(name);
        var target = config.Targets.FirstOrDefault(t => t.Name == name);
        if (target is null)
        {
            if (!allowAdhoc)
            {
                error = $"unknown target \"{name}\": it is not in the configuration ({Configured(config)}), and global.allow_adhoc_targets is false";
                return null;
            }

            target = AdhocTarget.FromHostPort(name, out error);
            if (target is null)
            {
                return null;
            }

            // Held to the allow-lists when it connects (after its name is resolved), not here.
            target = target with { Adhoc = config.Global.Adhoc };
        }

        if (module is not null && !config.Modules.ContainsKey(module))
        {
            error = $"unknown module \"{module}\"; configured modules: {string.Join(", ", config.Modules.Keys)}";
            return null;
        }

        error = null;
        return target;
    }

    // A few names help with a typo; a thousand would bury the message.
    private static string Configured(ExporterConfig config)
    {
        const int Shown = 10;
        var names = config.Targets.Take(Shown).Select(t => t.Name);
        return config.Targets.Count switch
        {
            0 => "it has no targets",
            <= Shown => "configured: " + string.Join(", ", names),
            _ => $"configured: {string.Join(", ", names)} and {config.Targets.Count - Shown} more",
        };
    }
}
