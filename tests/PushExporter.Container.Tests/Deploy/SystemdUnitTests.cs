namespace PushExporter.Container.Tests.Deploy;

/// <summary>
/// deploy/systemd/pushexporter.service, checked by systemd's own <c>systemd-analyze verify</c>
/// (it reads unit files offline; no systemd needs to run as PID 1).
/// </summary>
public sealed class SystemdUnitTests : IDisposable
{
    private const string Binary = "/usr/local/bin/pushexporter";

    private static readonly string _unit = Repository.PathOf("deploy", "systemd", "pushexporter.service");

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("pushexporter-systemd-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_unit_without_a_warning()
    {
        var run = await VerifyAsync(File.ReadAllText(_unit));

        Assert.True(run.ExitCode == 0 && run.Output.Trim().Length == 0 && run.Error.Trim().Length == 0, run.Describe("systemd-analyze verify"));
    }

    [Fact]
    public async Task The_check_has_teeth_a_misspelled_directive_is_reported()
    {
        var unit = File.ReadAllText(_unit).Replace("Restart=on-failure", "Restart=on-failures", StringComparison.Ordinal);

        var run = await VerifyAsync(unit);

        Assert.Contains("restart", run.Output + run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_unit_runs_a_dedicated_hardened_user_reloads_with_SIGHUP_and_restarts_on_failure()
    {
        var directives = File.ReadAllLines(_unit)
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToLookup(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);

        Assert.Equal("yes", directives["DynamicUser"].Single());
        Assert.Equal("/bin/kill -HUP $MAINPID", directives["ExecReload"].Single());
        Assert.Equal("on-failure", directives["Restart"].Single());
        Assert.StartsWith($"{Binary} --config.file /etc/pushexporter/pushexporter.yml", directives["ExecStart"].Single(), StringComparison.Ordinal);
        foreach (var (key, value) in new[]
                 {
                     ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("PrivateTmp", "yes"),
                     ("PrivateDevices", "yes"), ("CapabilityBoundingSet", ""), ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
                 })
        {
            Assert.Equal(value, directives[key].SingleOrDefault());
        }

        Assert.Empty(directives["MemoryDenyWriteExecute"]);   // the JIT needs writable code pages
        Assert.Equal("multi-user.target", directives["WantedBy"].Single());
    }

    /// <summary>
    /// verify also checks that ExecStart's program exists and is executable: the copy points it at
    /// a stand-in script, so that the check does not depend on an installed exporter.
    /// </summary>
    private async Task<ToolRun> VerifyAsync(string unit)
    {
        var analyze = Tool.Locate("systemd-analyze")
            ?? throw new InvalidOperationException("systemd-analyze was not found on PATH; install it with: apt-get install systemd");
        var stub = Path.Combine(_directory.FullName, "pushexporter");
        await File.WriteAllTextAsync(stub, "#!/bin/sh\nexit 0\n", TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Assert.Contains(Binary, unit, StringComparison.Ordinal);
        var copy = Path.Combine(_directory.FullName, "pushexporter.service");
        await File.WriteAllTextAsync(copy, unit.Replace(Binary, stub, StringComparison.Ordinal), TestContext.Current.CancellationToken);

        return await Tool.RunAsync(analyze, ["verify", copy], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
    }
}
