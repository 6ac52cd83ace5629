using System.Runtime.Versioning;

namespace PushExporter.Container.Tests.Scripts;

/// <summary>
/// A PATH of one temporary folder, for running scripts/test.sh without touching the machine:
/// stand-ins that only write their command line into <see cref="Ran"/> (apt-get, sudo, docker,
/// dotnet, ...), a dpkg-query that reports the given packages as installed, an id that reports
/// the given user, and links to the few real tools the script does its own work with. A command
/// that is neither is not found, so nothing else on the machine can run.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class StubbedCommands : IDisposable
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("pushexporter-test-sh-");

    public StubbedCommands(string userId, IEnumerable<string> installedPackages)
    {
        Directory.CreateDirectory(Bin);
        Script("id", $"echo {userId}");
        // dpkg-query -W prints "<package> <status>" for the packages it knows and exits 1 when some are unknown.
        Script("dpkg-query", string.Concat(installedPackages.Select(p => $"echo '{p} install ok installed'\n")) + "exit 1");
        Link("dirname");
    }

    /// <summary>Every command line a stand-in was called with, in order.</summary>
    public IReadOnlyList<string> Ran => File.Exists(LogFile) ? File.ReadAllLines(LogFile) : [];

    private string Bin => Path.Combine(_directory.FullName, "bin");

    private string LogFile => Path.Combine(_directory.FullName, "ran.log");

    /// <summary>Stand-ins that record their command line and succeed, after <paramref name="then"/> when given.</summary>
    public StubbedCommands Recording(string name, string then = "")
    {
        Script(name, $"printf '%s\\n' \"{name} $*\" >> '{LogFile}'\n{then}");
        return this;
    }

    /// <summary>The real tools of these names, found on this machine's PATH.</summary>
    public StubbedCommands Linking(params string[] names)
    {
        foreach (var name in names)
        {
            Link(name);
        }

        return this;
    }

    public Task<ToolRun> RunTestScriptAsync(params string[] arguments)
    {
        var bash = Tool.Locate("bash") ?? throw new InvalidOperationException("bash was not found on PATH");
        return Tool.RunAsync(
            bash,
            [Repository.PathOf("scripts", "test.sh"), .. arguments],
            TimeSpan.FromMinutes(1),
            TestContext.Current.CancellationToken,
            environment: new Dictionary<string, string> { ["PATH"] = Bin });
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private void Script(string name, string body)
    {
        var path = Path.Combine(Bin, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, Executable);
    }

    private void Link(string name) =>
        File.CreateSymbolicLink(
            Path.Combine(Bin, name),
            Tool.Locate(name) ?? throw new InvalidOperationException($"{name} was not found on PATH"));
}
