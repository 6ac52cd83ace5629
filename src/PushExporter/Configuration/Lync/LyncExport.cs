using PushExporter.Vocabulary;

namespace PushExporter.Configuration.Lync;

/// <summary>
/// One file of the folder that scripts/Export-PushConfiguration.ps1 writes (<c>lync_export_dir</c>):
/// its <c>export</c> label, its fixed file name, and the target key that overrides its path.
/// </summary>
internal sealed class LyncExport
{
    private readonly Func<TargetConfig, string?> _override;

    private LyncExport(string label, string fileName, string overrideKey, Func<TargetConfig, string?> overridePath)
    {
        Label = label;
        FileName = fileName;
        OverrideKey = overrideKey;
        _override = overridePath;
    }

    public static LyncExport Mcx { get; } = new(LyncExportLabels.Mcx, "mcx.json", "mcx_configuration_file", t => t.McxConfigurationFile);

    public static LyncExport ImFilter { get; } = new(LyncExportLabels.ImFilter, "imfilter.json", "im_filter_configuration_file", t => t.ImFilterConfigurationFile);

    public static LyncExport PushNotification { get; } = new(LyncExportLabels.PushNotification, "pushnotification.json", "push_notification_configuration_file", t => t.PushNotificationConfigurationFile);

    public static LyncExport AccessEdge { get; } = new(LyncExportLabels.AccessEdge, "accessedge.json", "access_edge_configuration_file", t => t.AccessEdgeConfigurationFile);

    public static LyncExport HostingProviders { get; } = new(LyncExportLabels.HostingProviders, "hostingproviders.json", "hosting_providers_file", t => t.HostingProvidersFile);

    public static LyncExport AllowedDomains { get; } = new(LyncExportLabels.AllowedDomains, "alloweddomains.json", "allowed_domains_file", t => t.AllowedDomainsFile);

    /// <summary>Every export, in the order of <see cref="LyncExportLabels.All"/>.</summary>
    public static IReadOnlyList<LyncExport> All { get; } = [Mcx, ImFilter, PushNotification, AccessEdge, HostingProviders, AllowedDomains];

    /// <summary>The <c>export</c> label value.</summary>
    public string Label { get; }

    /// <summary>The name the export script writes it under.</summary>
    public string FileName { get; }

    /// <summary>The target key that gives this file's path instead of <c>lync_export_dir</c>.</summary>
    public string OverrideKey { get; }

    /// <summary>The file the target reads: its own key, else this file in <c>lync_export_dir</c>; null when the target has neither.</summary>
    public string? PathFor(TargetConfig target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _override(target) ?? (target.LyncExportDirectory is { } directory ? Path.Combine(directory, FileName) : null);
    }
}
