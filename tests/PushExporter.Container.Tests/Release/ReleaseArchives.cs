namespace PushExporter.Container.Tests.Release;

/// <summary>
/// scripts/release.sh run once per test run (three self-contained publishes take minutes) into
/// a temporary folder; the tests of <see cref="ReleaseArchiveTests"/> look at what it built.
/// </summary>
public sealed class ReleaseArchives : IAsyncLifetime
{
    public const string Version = "1.1.0-test.1";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("pushexporter-release-");

    public string Output => Path.Combine(_directory.FullName, "dist");

    internal ToolRun? Run { get; private set; }

    public static string ArchiveName(string platform) =>
        $"pushexporter-{Version}.{platform}" + (platform.StartsWith("windows", StringComparison.Ordinal) ? ".zip" : ".tar.gz");

    public async ValueTask InitializeAsync()
    {
        var bash = Tool.Locate("bash") ?? throw new InvalidOperationException("bash was not found on PATH");
        Run = await Tool.RunAsync(
            bash,
            [Repository.PathOf("scripts", "release.sh"), Version, Output],
            TimeSpan.FromMinutes(30),
            TestContext.Current.CancellationToken,
            environment: new Dictionary<string, string> { ["RELEASE_BUILD_DIR"] = Path.Combine(_directory.FullName, "build") });
    }

    public ValueTask DisposeAsync()
    {
        _directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
