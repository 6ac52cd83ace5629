using System.Reflection;

namespace PushExporter.Vocabulary;

/// <summary>The version and source revision, for User-Agent and <c>pushexporter_build_info</c>.</summary>
internal static class BuildInfo
{
    public static string Version { get; } = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string Revision { get; } =
        typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "SourceRevisionId")?.Value
        ?? (typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+') is [_, var revision] ? revision : "unknown");
}
