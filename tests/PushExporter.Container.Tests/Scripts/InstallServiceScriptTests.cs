namespace PushExporter.Container.Tests.Scripts;

/// <summary>
/// scripts/Install-PushExporterService.ps1 under PowerShell 7 (the local dotnet tool of
/// .config/dotnet-tools.json): parsed, dot-sourced and run by InstallServiceScriptTests.ps1 with
/// the service cmdlets and sc.exe replaced by recording stand-ins. A Windows service cannot run
/// here; what the script asks of Windows is what these cases check.
/// </summary>
public sealed class InstallServiceScriptTests
{
    private static readonly string _script = Repository.PathOf("scripts", "Install-PushExporterService.ps1");

    private static readonly string _cases = Path.Combine(AppContext.BaseDirectory, "Scripts", "InstallServiceScriptTests.ps1");

    public static readonly string[] Cases =
    [
        "parses",
        "dot-sourcing defines the functions and runs nothing",
        "the command line quotes paths with spaces and passes the listen address and extra arguments",
        "install creates the service, sets recovery and starts it",
        "install refuses an existing service",
        "install checks the configuration first",
        "install reports a missing binary",
        "install -WhatIf changes nothing",
        "uninstall stops and removes the service with Remove-Service",
        "uninstall uses sc.exe delete where Remove-Service does not exist",
        "uninstall of a missing service changes nothing",
        "the script installs and uninstalls with its parameters",
    ];

    [Fact]
    public async Task Every_case_of_the_service_script_passes_under_PowerShell_7()
    {
        var dotnet = Tool.Locate("dotnet") ?? throw new InvalidOperationException("dotnet was not found on PATH");
        var run = await Tool.RunAsync(
            dotnet,
            ["tool", "run", "pwsh", "-NoProfile", "-NonInteractive", "-File", _cases, "-Script", _script],
            TimeSpan.FromMinutes(2),
            TestContext.Current.CancellationToken);
        if (run.ExitCode != 0 && (run.Output + run.Error).Contains("dotnet tool restore", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"PowerShell 7 (the local tool 'pwsh') is not installed: run `dotnet tool restore` in the repository root\n{run.Error}");
        }

        Assert.True(run.ExitCode == 0, run.Describe("InstallServiceScriptTests.ps1"));
        var passed = run.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("PASS ", StringComparison.Ordinal)).Select(l => l[5..]).ToList();
        Assert.Equal(Cases, passed);
    }
}
