namespace PushExporter.Vocabulary;

/// <summary>
/// The <c>export</c> label values of <c>pushexporter_lync_export_readable</c>: the files of the
/// Lync export folder, in the order of the configuration audit's checks.
/// </summary>
internal static class LyncExportLabels
{
    public const string Mcx = "mcx";
    public const string ImFilter = "im_filter";
    public const string PushNotification = "push_notification";
    public const string AccessEdge = "access_edge";
    public const string HostingProviders = "hosting_providers";
    public const string AllowedDomains = "allowed_domains";

    public static IReadOnlyList<string> All { get; } = [Mcx, ImFilter, PushNotification, AccessEdge, HostingProviders, AllowedDomains];
}
