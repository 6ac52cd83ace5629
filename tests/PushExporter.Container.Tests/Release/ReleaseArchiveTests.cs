using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using PushExporter.Testing;

namespace PushExporter.Container.Tests.Release;

/// <summary>
/// The release archives of scripts/release.sh: the checksums match, each archive holds what the
/// issue lists, the linux-amd64 binary runs (--version, --demo until /-/ready answers), and the
/// other two are binaries of their platform (ELF aarch64, PE x64).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReleaseArchiveTests(ReleaseArchives release) : IClassFixture<ReleaseArchives>
{
    private static readonly string[] _platforms = ["linux-amd64", "linux-arm64", "windows-amd64"];

    private static readonly string[] _windowsOnly = ["Install-PushExporterService.ps1", "pushexporter.exe"];

    private static readonly string[] _common = ["CHANGELOG.md", "Export-PushConfiguration.ps1", "LICENSE", "README.md", "pushexporter.example.yml"];

    [Fact]
    public void Release_sh_builds_three_archives_and_their_checksums()
    {
        Assert.True(release.Run!.ExitCode == 0, release.Run.Describe("scripts/release.sh"));

        var expected = _platforms.Select(ReleaseArchives.ArchiveName).ToList();
        Assert.Equal(
            [.. expected, "sha256sums.txt"],
            Directory.EnumerateFiles(release.Output).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var sums = File.ReadAllLines(Path.Combine(release.Output, "sha256sums.txt"));
        Assert.Equal(expected, sums.Select(l => l.Split("  ", 2)[1]));
        foreach (var line in sums)
        {
            var (hash, file) = (line[..64], line[66..]);
            using var stream = File.OpenRead(Path.Combine(release.Output, file));
            Assert.Equal(hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)));
        }
    }

    [Fact]
    public async Task The_linux_amd64_archive_unpacks_and_its_binary_runs_version_and_demo()
    {
        var folder = await UnpackAsync("linux-amd64");
        Assert.Equal(_common.Append("pushexporter").Append("pushexporter.service").Order(StringComparer.Ordinal), Files(folder));
        var binary = Path.Combine(folder, "pushexporter");

        var version = await Tool.RunAsync(binary, ["--version"], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.True(version.ExitCode == 0, version.Describe("pushexporter --version"));
        Assert.StartsWith($"pushexporter, version {ReleaseArchives.Version} (branch: ", version.Output.Trim(), StringComparison.Ordinal);

        var check = await Tool.RunAsync(binary, ["check-config", "--config.file", Path.Combine(folder, "pushexporter.example.yml")], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.True(check.ExitCode == 0, check.Describe("pushexporter check-config pushexporter.example.yml"));

        var port = FreePort.Tcp();
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--demo", "--web.listen-address", $"127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        using var demo = Process.Start(start)!;
        demo.OutputDataReceived += (_, _) => { };
        demo.ErrorDataReceived += (_, _) => { };
        demo.BeginOutputReadLine();
        demo.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            HttpStatusCode? status = null;
            while (deadline.Elapsed < TimeSpan.FromSeconds(60) && status != HttpStatusCode.OK && !demo.HasExited)
            {
                try
                {
                    using var ready = await http.GetAsync(new Uri("-/ready", UriKind.Relative), TestContext.Current.CancellationToken);
                    status = ready.StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
                }
            }

            Assert.Equal(HttpStatusCode.OK, status);
            var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Contains($"version=\"{ReleaseArchives.Version}", metrics, StringComparison.Ordinal);
        }
        finally
        {
            if (!demo.HasExited)
            {
                demo.Kill(entireProcessTree: true);
            }

            await demo.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_linux_arm64_archive_holds_an_aarch64_binary_and_the_systemd_unit()
    {
        var folder = await UnpackAsync("linux-arm64");

        Assert.Equal(_common.Append("pushexporter").Append("pushexporter.service").Order(StringComparer.Ordinal), Files(folder));
        var header = File.ReadAllBytes(Path.Combine(folder, "pushexporter"))[..20];
        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        Assert.Equal(0xB7, BitConverter.ToUInt16(header, 18));   // e_machine: EM_AARCH64
    }

    [Fact]
    public void The_windows_amd64_zip_holds_a_PE_x64_exe_and_the_service_script()
    {
        Assert.True(release.Run!.ExitCode == 0, release.Run.Describe("scripts/release.sh"));
        using var zip = ZipFile.OpenRead(Path.Combine(release.Output, ReleaseArchives.ArchiveName("windows-amd64")));
        var root = $"pushexporter-{ReleaseArchives.Version}.windows-amd64/";

        var files = zip.Entries.Where(e => e.Name.Length > 0).Select(e => e.FullName).ToList();
        Assert.All(files, f => Assert.StartsWith(root, f, StringComparison.Ordinal));
        Assert.Equal(
            _windowsOnly.Concat(_common).Order(StringComparer.Ordinal),
            files.Select(f => f[root.Length..]).Order(StringComparer.Ordinal));

        using var exe = new MemoryStream();
        using (var entry = zip.GetEntry(root + "pushexporter.exe")!.Open())
        {
            entry.CopyTo(exe);
        }

        var bytes = exe.ToArray();
        Assert.Equal("MZ"u8.ToArray(), bytes[..2]);
        var pe = BitConverter.ToInt32(bytes, 0x3C);
        Assert.Equal("PE\0\0"u8.ToArray(), bytes[pe..(pe + 4)]);
        Assert.Equal(0x8664, BitConverter.ToUInt16(bytes, pe + 4));   // IMAGE_FILE_MACHINE_AMD64
    }

    private async Task<string> UnpackAsync(string platform)
    {
        Assert.True(release.Run!.ExitCode == 0, release.Run.Describe("scripts/release.sh"));
        var target = Path.Combine(release.Output, "..", "unpacked-" + platform);
        Directory.CreateDirectory(target);
        var tar = await Tool.RunAsync("tar", ["-xzf", Path.Combine(release.Output, ReleaseArchives.ArchiveName(platform)), "-C", target], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.True(tar.ExitCode == 0, tar.Describe("tar -xzf"));
        var folders = Directory.GetDirectories(target);
        Assert.Equal([$"pushexporter-{ReleaseArchives.Version}.{platform}"], folders.Select(Path.GetFileName));
        return folders[0];
    }

    private static List<string> Files(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];
}
