using PushExporter.Configuration;

namespace PushExporter.Metrics;

/// <summary>The labels of one target's <c>pushexporter_target_info</c> series; an absent site is the empty value.</summary>
internal readonly record struct TargetInfoLabels(string Target, string AccessEdgeFqdn, string Site, string Transport, string Module)
{
    public static TargetInfoLabels Of(TargetConfig target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new(target.Name, target.AccessEdgeFqdn, target.Site ?? string.Empty, target.Transport.ToString().ToLowerInvariant(), target.Module);
    }
}
