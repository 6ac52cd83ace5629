namespace PushExporter.Container.Tests.Image;

/// <summary>
/// The local Docker engine as scripts/test.sh starts it: Debian's docker.io (API 1.41), no bridge,
/// containers on the host network. Where no engine answers, the container test skips with
/// the reason; everywhere else a missing piece fails with what to do.
/// </summary>
internal static class DockerEngine
{
    /// <summary>The stand-in base images of scripts/build-base-images.sh, tagged with the Dockerfile's FROM names.</summary>
    public static readonly string[] BaseImages = ["mcr.microsoft.com/dotnet/sdk:10.0-noble-aot", "mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled"];

    /// <summary>Debian 12's engine speaks API 1.41; Ryuk's image cannot be pulled here, and each test removes its own container.</summary>
    public static void ConfigureTestcontainers()
    {
        SetDefault("DOCKER_API_VERSION", "1.41");
        SetDefault("TESTCONTAINERS_RYUK_DISABLED", "true");
    }

    /// <summary>Null when an engine answers, else why not.</summary>
    public static async Task<string?> UnavailableReasonAsync(CancellationToken cancellationToken)
    {
        if (Tool.Locate("docker") is not { } docker)
        {
            return "no Docker engine: the docker client is not installed: apt-get install docker.io (scripts/test.sh installs it and starts dockerd)";
        }

        var version = await RunAsync(docker, ["version", "--format", "{{.Server.APIVersion}}"], TimeSpan.FromSeconds(30), cancellationToken);
        return version.ExitCode == 0
            ? null
            : $"no Docker engine answers on this machine (scripts/test.sh starts one): {version.Error.Trim()}";
    }

    public static Task<ToolRun> RunAsync(string docker, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        Tool.RunAsync(docker, arguments, timeout, cancellationToken, environment: new Dictionary<string, string> { ["DOCKER_API_VERSION"] = "1.41" });

    private static void SetDefault(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
