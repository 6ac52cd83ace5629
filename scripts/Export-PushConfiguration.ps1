<#
.SYNOPSIS
    Exports the Lync / Skype for Business settings that PushExporter checks, as JSON files on a share.

.DESCRIPTION
    Run on a Lync Server 2013 or Skype for Business Server 2015 (Management Shell, or any
    PowerShell with the Lync / SkypeForBusiness module), e.g. hourly from a scheduled task. Writes
    the six files of PushExporter's configuration audit (its check, and the reason it reports):

        mcx.json               Get-CsMcxConfiguration               PushNotificationProxyUri is sip:push@push.lync.com (proxy_uri: bad_uri)
        imfilter.json          Get-CsImFilterConfiguration          no blocked http:/https: prefix (im_filter: blocked_prefix)
        pushnotification.json  Get-CsPushNotificationConfiguration  Apple / Microsoft push switched on (push_services: push_disabled)
        accessedge.json        Get-CsAccessEdgeConfiguration        AllowFederatedUsers (federation_enabled: federation_denied)
        hostingproviders.json  Get-CsHostingProvider                an enabled provider with ProxyFqdn sipfed.online.lync.com
                                                                    (hosting_provider: federation_denied)
        alloweddomains.json    Get-CsAllowedDomain                  push.lync.com is an allowed domain, without the provider's
                                                                    ProxyFqdn (allowed_domain: federation_denied)

    each as ConvertTo-Json -Depth 5 (one scope or entry: an object; several: an array; none: []),
    UTF-8 without BOM. Every file is first written to a temporary file in the target folder and
    then renamed over the old one, so the exporter never reads a half-written file. Identity is
    written as its text ("Global", "Site:Redmond", "Service:WebServer:pool01.litwareinc.com",
    "LyncOnline"), which is what the exporter selects scopes by, and every enum as its name
    ("Block", "UseSourceVerification"): ConvertTo-Json would write its number, which Microsoft
    does not document.

    A cmdlet that fails leaves its previous file untouched; the script goes on with the others
    and ends with an error, so that the scheduled task reports the failure.

.PARAMETER Path
    The folder to write to: a share (\\fileserver\pushexporter\exports) or a local folder.

.EXAMPLE
    .\Export-PushConfiguration.ps1 -Path \\fileserver\pushexporter\exports
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string] $Path
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$exports = [ordered]@{
    'mcx.json'              = 'Get-CsMcxConfiguration'
    'imfilter.json'         = 'Get-CsImFilterConfiguration'
    'pushnotification.json' = 'Get-CsPushNotificationConfiguration'
    'accessedge.json'       = 'Get-CsAccessEdgeConfiguration'
    'hostingproviders.json' = 'Get-CsHostingProvider'
    'alloweddomains.json'   = 'Get-CsAllowedDomain'
}

# The Management Shell has the cmdlets already; a plain PowerShell needs the module.
if (-not (Get-Command -Name Get-CsMcxConfiguration -ErrorAction SilentlyContinue)) {
    foreach ($module in 'SkypeForBusiness', 'Lync') {
        if (Get-Module -ListAvailable -Name $module) {
            Import-Module -Name $module
            break
        }
    }
}

function ConvertTo-ExportObject {
    param([Parameter(ValueFromPipeline = $true)] $InputObject)
    process {
        # Identity is an XdsIdentity object, which ConvertTo-Json would spell out property by
        # property; the exporter selects scopes by its text ("Global", "Site:Redmond"). An enum
        # (Action, VerificationLevel) would be written as its number: its name is what is documented.
        $copy = [ordered]@{}
        foreach ($property in $InputObject.PSObject.Properties) {
            $value = $property.Value
            if ($property.Name -eq 'Identity' -or $value -is [enum]) {
                $copy[$property.Name] = [string] $value
            }
            else {
                $copy[$property.Name] = $value
            }
        }
        [pscustomobject] $copy
    }
}

function Write-FileAtomically {
    param([string] $Destination, [string] $Text)
    $directory = [System.IO.Path]::GetDirectoryName($Destination)
    $name = [System.IO.Path]::GetFileName($Destination)
    # Same folder, so the rename stays on one volume and is atomic.
    $temporary = [System.IO.Path]::Combine($directory, ".$name.$PID.tmp")
    try {
        [System.IO.File]::WriteAllText($temporary, $Text, (New-Object System.Text.UTF8Encoding $false))
        if ([System.IO.File]::Exists($Destination)) {
            # No backup file; [NullString] because PowerShell passes $null to a string parameter as "".
            [System.IO.File]::Replace($temporary, $Destination, [NullString]::Value)
        }
        else {
            [System.IO.File]::Move($temporary, $Destination)
        }
    }
    finally {
        if ([System.IO.File]::Exists($temporary)) {
            [System.IO.File]::Delete($temporary)
        }
    }
}

if (-not (Test-Path -LiteralPath $Path -PathType Container)) {
    throw "Export-PushConfiguration: the folder '$Path' does not exist"
}
$folder = (Resolve-Path -LiteralPath $Path).ProviderPath

$failed = @()
foreach ($file in $exports.Keys) {
    $cmdlet = $exports[$file]
    try {
        $objects = @(& $cmdlet | ConvertTo-ExportObject)
        $json = if ($objects.Count -eq 0) {
            '[]'
        }
        elseif ($objects.Count -eq 1) {
            ConvertTo-Json -InputObject $objects[0] -Depth 5
        }
        else {
            ConvertTo-Json -InputObject $objects -Depth 5
        }
        $destination = [System.IO.Path]::Combine($folder, $file)
        Write-FileAtomically -Destination $destination -Text $json
        Write-Output "$cmdlet -> $destination ($($objects.Count) scope(s) or entries)"
    }
    catch {
        $failed += $cmdlet
        Write-Warning "$cmdlet failed, $file kept as it was: $($_.Exception.Message)"
    }
}

if ($failed.Count -gt 0) {
    throw "Export-PushConfiguration: $($failed -join ', ') failed; the other files were written"
}
