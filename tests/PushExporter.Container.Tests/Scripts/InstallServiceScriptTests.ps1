# Tests of scripts/Install-PushExporterService.ps1 under PowerShell 7 on Linux: the service
# cmdlets (New-Service, Get-Service, Start-Service, Stop-Service, Remove-Service) and sc.exe are
# replaced by functions that record their calls; the exporter is a stand-in script whose
# check-config passes or fails. Prints "PASS <name>" per case; exits 1 at the first failure.
param([Parameter(Mandatory = $true)] [string] $Script)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Assert-True([bool] $Condition, [string] $Message) { if (-not $Condition) { throw "assertion failed: $Message" } }
function Assert-Equal($Expected, $Actual, [string] $Message) {
    if ($Expected -cne $Actual) { throw "assertion failed: $Message`n  expected: $Expected`n  actual:   $Actual" }
}

# --- the script parses ---------------------------------------------------------------------
$tokens = $null; $errors = $null
[System.Management.Automation.Language.Parser]::ParseFile($Script, [ref] $tokens, [ref] $errors) | Out-Null
Assert-Equal 0 $errors.Count "parse errors: $($errors -join '; ')"
Write-Output 'PASS parses'

# --- mocks ---------------------------------------------------------------------------------
$global:Calls = [System.Collections.Generic.List[string]]::new()
$global:Services = @{}
$global:Created = $null

function global:Get-Service {
    [CmdletBinding()] param([string] $Name)
    if ($global:Services.ContainsKey($Name)) { return [pscustomobject]@{ Name = $Name; Status = $global:Services[$Name] } }
    if ($ErrorActionPreference -ne 'SilentlyContinue') { throw "Cannot find any service with service name '$Name'." }
}
function global:New-Service {
    [CmdletBinding()] param([string] $Name, [string] $BinaryPathName, [string] $DisplayName, [string] $Description, [string] $StartupType, [pscredential] $Credential)
    $global:Calls.Add("New-Service $Name")
    $global:Created = [pscustomobject]@{ Name = $Name; BinaryPathName = $BinaryPathName; DisplayName = $DisplayName; Description = $Description; StartupType = $StartupType }
    $global:Services[$Name] = 'Stopped'
}
function global:Start-Service { [CmdletBinding()] param([string] $Name) $global:Calls.Add("Start-Service $Name"); $global:Services[$Name] = 'Running' }
function global:Stop-Service { [CmdletBinding()] param([string] $Name, [switch] $Force) $global:Calls.Add("Stop-Service $Name"); $global:Services[$Name] = 'Stopped' }
function global:sc.exe { $global:Calls.Add('sc.exe ' + ($args -join ' ')); if ($args[0] -eq 'delete') { $global:Services.Remove($args[1]) }; $global:LASTEXITCODE = 0 }
function Add-RemoveServiceMock {
    function global:Remove-Service { [CmdletBinding()] param([string] $Name) $global:Calls.Add("Remove-Service $Name"); $global:Services.Remove($Name) }
}
function Reset-Mocks { $global:Calls.Clear(); $global:Services = @{}; $global:Created = $null; Remove-Item -Path Function:\Remove-Service -ErrorAction SilentlyContinue }

# A stand-in exporter: check-config exits 0, or 2 with a message when the file says "invalid".
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("pushexporter-service-" + [guid]::NewGuid().ToString('N'))
$folder = New-Item -ItemType Directory -Path (Join-Path $work 'Program Files/PushExporter') -Force
$binary = Join-Path $folder.FullName 'pushexporter'
Set-Content -Path $binary -Value "#!/bin/sh`nif grep -q invalid `"`$3`"; then echo 'targets[0].port: must be 1-65535 (line 3)'; exit 2; fi`nexit 0"
& chmod +x $binary
$config = Join-Path $folder.FullName 'pushexporter.yml'
Set-Content -Path $config -Value 'targets: []'
$invalid = Join-Path $folder.FullName 'invalid.yml'
Set-Content -Path $invalid -Value 'invalid'

try {
    . $Script
    foreach ($name in 'Install-PushExporterService', 'Uninstall-PushExporterService', 'Get-PushExporterCommandLine') {
        Assert-True ($null -ne (Get-Command -Name $name -CommandType Function -ErrorAction SilentlyContinue)) "$name is defined when dot-sourced"
    }
    Assert-Equal 0 $global:Calls.Count 'dot-sourcing runs nothing'
    Write-Output 'PASS dot-sourcing defines the functions and runs nothing'

    # --- the command line -------------------------------------------------------------------
    Assert-Equal '"C:\Program Files\PushExporter\pushexporter.exe" --config.file "C:\ProgramData\Push Exporter\pushexporter.yml" --web.listen-address :9860' `
        (Get-PushExporterCommandLine -BinaryPath 'C:\Program Files\PushExporter\pushexporter.exe' -ConfigFile 'C:\ProgramData\Push Exporter\pushexporter.yml') 'paths with spaces are quoted'
    Assert-Equal 'C:\pe\pushexporter.exe --config.file C:\pe\pe.yml --web.listen-address 127.0.0.1:9100 --log.level debug --web.config.file "C:\pe\web config.yml"' `
        (Get-PushExporterCommandLine -BinaryPath 'C:\pe\pushexporter.exe' -ConfigFile 'C:\pe\pe.yml' -ListenAddress '127.0.0.1:9100' -ExtraArguments '--log.level', 'debug', '--web.config.file', 'C:\pe\web config.yml') 'listen address and extra arguments'
    Assert-Equal '"a \"b\" c\\"' (ConvertTo-CommandLineArgument 'a "b" c\') 'quotes and a trailing backslash are escaped as CommandLineToArgvW reads them'
    Write-Output 'PASS the command line quotes paths with spaces and passes the listen address and extra arguments'

    # --- install ----------------------------------------------------------------------------
    Reset-Mocks
    Install-PushExporterService -BinaryPath $binary -ConfigFile $config | Out-Null
    Assert-Equal 'PushExporter' $global:Created.Name 'service name'
    Assert-Equal 'Automatic' $global:Created.StartupType 'starts with Windows'
    Assert-True ($global:Created.Description -match 'Lync') 'has a description'
    Assert-Equal "$binary --config.file $config --web.listen-address :9860" ($global:Created.BinaryPathName -replace '"', '') 'binary path and arguments'
    Assert-True ($global:Created.BinaryPathName.StartsWith('"')) 'the binary path, which has a space, is quoted'
    Assert-Equal 'New-Service PushExporter|sc.exe failure PushExporter reset= 86400 actions= restart/5000/restart/5000/restart/60000|sc.exe failureflag PushExporter 1|Start-Service PushExporter' ($global:Calls -join '|') 'created, recovery set, then started'
    Write-Output 'PASS install creates the service, sets recovery and starts it'

    Reset-Mocks
    $global:Services['PushExporter'] = 'Running'
    $failed = $null
    try { Install-PushExporterService -BinaryPath $binary -ConfigFile $config } catch { $failed = $_.Exception.Message }
    Assert-True ($failed -match 'exists already') "an existing service is not replaced: $failed"
    Assert-Equal 0 $global:Calls.Count 'nothing is called when the service exists'
    Write-Output 'PASS install refuses an existing service'

    Reset-Mocks
    $failed = $null
    try { Install-PushExporterService -BinaryPath $binary -ConfigFile $invalid } catch { $failed = $_.Exception.Message }
    Assert-True ($failed -match 'check-config rejected' -and $failed -match 'must be 1-65535') "an invalid configuration stops the install with the exporter's message: $failed"
    Assert-Equal 0 $global:Calls.Count 'no service is created for an invalid configuration'
    Write-Output 'PASS install checks the configuration first'

    Reset-Mocks
    $failed = $null
    try { Install-PushExporterService -BinaryPath (Join-Path $work 'missing.exe') -ConfigFile $config } catch { $failed = $_.Exception.Message }
    Assert-True ($failed -match 'File not found') "a missing binary is reported: $failed"
    Write-Output 'PASS install reports a missing binary'

    Reset-Mocks
    Install-PushExporterService -BinaryPath $binary -ConfigFile $config -WhatIf | Out-Null
    Assert-Equal 0 $global:Calls.Count '-WhatIf changes nothing'
    Write-Output 'PASS install -WhatIf changes nothing'

    # --- uninstall --------------------------------------------------------------------------
    Reset-Mocks
    Add-RemoveServiceMock
    $global:Services['PushExporter'] = 'Running'
    Uninstall-PushExporterService
    Assert-Equal 'Stop-Service PushExporter|Remove-Service PushExporter' ($global:Calls -join '|') 'stopped, then removed (PowerShell 7)'
    Write-Output 'PASS uninstall stops and removes the service with Remove-Service'

    Reset-Mocks
    $global:Services['PushExporter'] = 'Stopped'
    Uninstall-PushExporterService
    Assert-Equal 'sc.exe delete PushExporter' ($global:Calls -join '|') 'without Remove-Service (Windows PowerShell 5.1), sc.exe deletes it'
    Write-Output 'PASS uninstall uses sc.exe delete where Remove-Service does not exist'

    Reset-Mocks
    Uninstall-PushExporterService -WarningAction SilentlyContinue
    Assert-Equal 0 $global:Calls.Count 'nothing to remove'
    Write-Output 'PASS uninstall of a missing service changes nothing'

    # --- the script as a command ------------------------------------------------------------
    Reset-Mocks
    & $Script -BinaryPath $binary -ConfigFile $config -ListenAddress '127.0.0.1:9100' -ServiceName 'PushExporter-Atl' | Out-Null
    Assert-Equal 'PushExporter-Atl' $global:Created.Name 'the -ServiceName parameter'
    Assert-True ($global:Created.BinaryPathName.EndsWith('--web.listen-address 127.0.0.1:9100')) 'the -ListenAddress parameter'
    & $Script -Uninstall -ServiceName 'PushExporter-Atl'
    Assert-True ($global:Calls -contains 'sc.exe delete PushExporter-Atl') "uninstalled by name: $($global:Calls -join '|')"
    Write-Output 'PASS the script installs and uninstalls with its parameters'
} finally {
    Remove-Item -Recurse -Force -Path $work
}
