<#
.SYNOPSIS
    Installs PushExporter as a Windows service, or removes it.

.DESCRIPTION
    Creates the service with New-Service (automatic start, the exporter's command line as its
    binary path), gives it a description, sets its recovery actions with sc.exe (restart after
    5 s, 5 s, then 60 s; the failure count resets after a day) and starts it. -Uninstall stops
    and deletes it.

    Run it in an elevated Windows PowerShell 5.1 or PowerShell 7 on the server that reaches the
    Edges' internal interface. Windows has no SIGHUP: after editing the configuration, reload it
    with  Invoke-RestMethod -Method Post http://localhost:9860/-/reload  (or restart the service).

    Dot-source the script (. .\Install-PushExporterService.ps1) to get its functions without
    running anything.

.EXAMPLE
    .\Install-PushExporterService.ps1 -BinaryPath 'C:\Program Files\PushExporter\pushexporter.exe' -ConfigFile 'C:\ProgramData\PushExporter\pushexporter.yml'

.EXAMPLE
    .\Install-PushExporterService.ps1 -Uninstall
#>
[CmdletBinding(DefaultParameterSetName = 'Help', SupportsShouldProcess = $true)]
param(
    [Parameter(ParameterSetName = 'Install', Mandatory = $true)]
    [string] $BinaryPath,

    [Parameter(ParameterSetName = 'Install', Mandatory = $true)]
    [string] $ConfigFile,

    [Parameter(ParameterSetName = 'Install')]
    [string] $ListenAddress = ':9860',

    # Extra exporter arguments, e.g. @('--log.level', 'debug', '--web.config.file', 'C:\ProgramData\PushExporter\web.yml').
    [Parameter(ParameterSetName = 'Install')]
    [string[]] $ExtraArguments = @(),

    # The account the service runs as; default LocalSystem. A gMSA or a dedicated account only
    # needs to read the configuration, the Lync exports and the certificates.
    [Parameter(ParameterSetName = 'Install')]
    [pscredential] $Credential,

    [Parameter(ParameterSetName = 'Uninstall', Mandatory = $true)]
    [switch] $Uninstall,

    [string] $ServiceName = 'PushExporter'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$PushExporterDisplayName = 'PushExporter'
$PushExporterDescription = 'Prometheus exporter for the push notification route of Lync / Skype for Business Edge servers (/metrics on the listen address).'

# Windows' CommandLineToArgvW rules: quote an argument that has a space, a tab or a quote.
function ConvertTo-CommandLineArgument {
    param([Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $Argument)
    if ($Argument -ne '' -and $Argument -notmatch '[\s"]') { return $Argument }
    $escaped = $Argument -replace '(\\*)"', '$1$1\"'
    $escaped = $escaped -replace '(\\+)$', '$1$1'
    return '"' + $escaped + '"'
}

# The service's command line: the binary, then --config.file, --web.listen-address and the rest.
function Get-PushExporterCommandLine {
    param(
        [Parameter(Mandatory = $true)] [string] $BinaryPath,
        [Parameter(Mandatory = $true)] [string] $ConfigFile,
        [string] $ListenAddress = ':9860',
        [string[]] $ExtraArguments = @()
    )
    $arguments = @($BinaryPath, '--config.file', $ConfigFile, '--web.listen-address', $ListenAddress) + $ExtraArguments
    return (($arguments | ForEach-Object { ConvertTo-CommandLineArgument $_ }) -join ' ')
}

function Install-PushExporterService {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)] [string] $BinaryPath,
        [Parameter(Mandatory = $true)] [string] $ConfigFile,
        [string] $ListenAddress = ':9860',
        [string[]] $ExtraArguments = @(),
        [pscredential] $Credential,
        [string] $ServiceName = 'PushExporter'
    )
    foreach ($file in @($BinaryPath, $ConfigFile)) {
        if (-not (Test-Path -LiteralPath $file -PathType Leaf)) { throw "File not found: $file" }
    }
    $BinaryPath = (Resolve-Path -LiteralPath $BinaryPath).ProviderPath
    $ConfigFile = (Resolve-Path -LiteralPath $ConfigFile).ProviderPath
    if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
        throw "The service $ServiceName exists already. Remove it first: .\Install-PushExporterService.ps1 -Uninstall -ServiceName $ServiceName"
    }

    # Check the configuration the way the service will read it, before anything is created.
    $check = & $BinaryPath check-config --config.file $ConfigFile 2>&1
    if ($LASTEXITCODE -ne 0) { throw "pushexporter check-config rejected ${ConfigFile}:`n$($check -join "`n")" }

    $commandLine = Get-PushExporterCommandLine -BinaryPath $BinaryPath -ConfigFile $ConfigFile -ListenAddress $ListenAddress -ExtraArguments $ExtraArguments
    if (-not $PSCmdlet.ShouldProcess($ServiceName, "New-Service $commandLine")) { return }

    $parameters = @{
        Name           = $ServiceName
        BinaryPathName = $commandLine
        DisplayName    = $PushExporterDisplayName
        Description    = $PushExporterDescription
        StartupType    = 'Automatic'
    }
    if ($Credential) { $parameters.Credential = $Credential }
    New-Service @parameters | Out-Null

    # Recovery: restart after 5 s, 5 s, then 60 s; forget failures after a day (86400 s).
    # failureflag 1 applies the actions when the process exits with an error, not only on a crash.
    Invoke-ServiceControl failure $ServiceName 'reset=' 86400 'actions=' 'restart/5000/restart/5000/restart/60000'
    Invoke-ServiceControl failureflag $ServiceName 1

    Start-Service -Name $ServiceName
    Get-Service -Name $ServiceName
}

function Uninstall-PushExporterService {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string] $ServiceName = 'PushExporter')
    $service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
    if (-not $service) {
        Write-Warning "The service $ServiceName is not installed."
        return
    }
    if (-not $PSCmdlet.ShouldProcess($ServiceName, 'Stop and remove the service')) { return }
    if ($service.Status -ne 'Stopped') { Stop-Service -Name $ServiceName -Force }
    # Remove-Service is PowerShell 6+; Windows PowerShell 5.1 deletes with sc.exe.
    if (Get-Command -Name Remove-Service -ErrorAction SilentlyContinue) {
        Remove-Service -Name $ServiceName
    } else {
        Invoke-ServiceControl delete $ServiceName
    }
}

# sc.exe with a check of its exit code (it reports errors only through it and its output).
function Invoke-ServiceControl {
    $output = & sc.exe @args 2>&1
    if ($LASTEXITCODE -ne 0) { throw "sc.exe $($args -join ' ') failed ($LASTEXITCODE): $($output -join ' ')" }
}

# Dot-sourced: define the functions only.
if ($MyInvocation.InvocationName -eq '.') { return }

if ($PSCmdlet.ParameterSetName -eq 'Help') {
    Get-Help -Name $PSCommandPath -Detailed
} elseif ($Uninstall) {
    Uninstall-PushExporterService -ServiceName $ServiceName
} else {
    $install = @{
        BinaryPath     = $BinaryPath
        ConfigFile     = $ConfigFile
        ListenAddress  = $ListenAddress
        ExtraArguments = $ExtraArguments
        ServiceName    = $ServiceName
    }
    if ($Credential) { $install.Credential = $Credential }
    Install-PushExporterService @install
}
