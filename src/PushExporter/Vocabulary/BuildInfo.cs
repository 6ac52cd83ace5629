using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PushExporter.Vocabulary;

/// <summary>
/// What was built, from where and for what: for <c>--version</c>, the User-Agent and
/// <c>pushexporter_build_info</c>. Branch and date are stamped by the build from git
/// (<c>src/PushExporter/PushExporter.csproj</c>), or given as properties where there is no git.
/// </summary>
internal static class BuildInfo
{
    private static readonly Assembly _assembly = typeof(BuildInfo).Assembly;

    public static string Version { get; } = _assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string Revision { get; } =
        Metadata("SourceRevisionId")
        ?? (_assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+') is [_, var revision] ? revision : "unknown");

    public static string Branch { get; } = Metadata("SourceBranch") ?? "unknown";

    /// <summary>The source's date (the commit's, or SOURCE_DATE_EPOCH), so that a rebuild of one commit is the same build.</summary>
    public static string Date { get; } = Metadata("SourceDate") ?? "unknown";

    /// <summary>The .NET runtime, and whether this is the native (AOT) build.</summary>
    public static string Runtime { get; } = $"{RuntimeInformation.FrameworkDescription} ({(RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "native AOT")})";

    /// <summary>As Go names it: linux/amd64, windows/amd64, linux/arm64.</summary>
    public static string Platform { get; } = $"{Os()}/{RuntimeInformation.OSArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", Architecture.X86 => "386", var other => other.ToString().ToLowerInvariant() }}";

    private static string? Metadata(string key) =>
        _assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value ? value : null;

    private static string Os() =>
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "unknown";
}
