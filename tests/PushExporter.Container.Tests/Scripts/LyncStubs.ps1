# Stand-ins for the Lync / Skype for Business cmdlets, shaped like what they return: Identity is
# an XdsIdentity object (its text is the scope), Action and VerificationLevel enums, Prefixes a
# string collection. Defined here, then scripts/Export-PushConfiguration.ps1 runs and finds them
# as if the Management Shell had loaded them. Mode 'raw' writes instead what a plain
# `Get-Cs… | ConvertTo-Json -Depth 5` writes (an older export: identities as objects, enums as
# numbers), under the script's file names.
param(
    [Parameter(Mandatory = $true)] [string] $Script,
    [Parameter(Mandatory = $true)] [string] $Path,
    [ValidateSet('sites', 'single', 'failing', 'raw')] [string] $Mode = 'sites'
)

$ErrorActionPreference = 'Stop'

class XdsIdentity {
    [string] $ScopeClass
    [string] $Name
    XdsIdentity([string] $text) { $this.Name = $text; $this.ScopeClass = ($text -split ':')[0] }
    [string] ToString() { return $this.Name }
}

enum UrlFilterAction { Allow; Block; Warn }

enum VerificationLevelType { AlwaysVerifiable; AlwaysUnverifiable; UseSourceVerification }

enum RoutingMethod { UseDnsSrvRouting; UseDefaultRouting }

function Get-CsMcxConfiguration {
    [pscustomobject]@{
        Identity = [XdsIdentity]::new('Global'); PushNotificationProxyUri = 'sip:push@push.lync.com'
        ExposedWebURL = 'External'; SessionExpirationInterval = 259200
    }
    if ($Mode -ne 'single') {
        [pscustomobject]@{
            Identity = [XdsIdentity]::new('Site:Redmond'); PushNotificationProxyUri = 'sip:push@push.lync.net'
            ExposedWebURL = 'Internal'; SessionExpirationInterval = 259200
        }
        [pscustomobject]@{
            Identity = [XdsIdentity]::new('Service:WebServer:pool01.litwareinc.com'); PushNotificationProxyUri = 'sip:push@push.lync.org'
            ExposedWebURL = 'Internal'; SessionExpirationInterval = 259200
        }
    }
}

function Get-CsImFilterConfiguration {
    if ($Mode -eq 'failing') { throw 'Unable to contact the Central Management Store' }
    [pscustomobject]@{
        Identity = [XdsIdentity]::new('Global'); Enabled = $true; Action = [UrlFilterAction]::Block
        Prefixes = [System.Collections.Generic.List[string]]@('callto:', 'file:', 'http:', 'https:')
        IgnoreLocal = $true; AllowMessage = ''; BlockedMessage = 'Blocked'
    }
    if ($Mode -ne 'single') {
        [pscustomobject]@{
            Identity = [XdsIdentity]::new('Site:Redmond'); Enabled = $true; Action = [UrlFilterAction]::Warn
            Prefixes = [System.Collections.Generic.List[string]]@('file:')
            IgnoreLocal = $true; AllowMessage = ''; BlockedMessage = ''
        }
    }
}

function Get-CsPushNotificationConfiguration {
    [pscustomobject]@{ Identity = [XdsIdentity]::new('Global'); EnableApplePushNotificationService = $false; EnableMicrosoftPushNotificationService = $false }
    if ($Mode -ne 'single') {
        [pscustomobject]@{ Identity = [XdsIdentity]::new('Site:Redmond'); EnableApplePushNotificationService = $true; EnableMicrosoftPushNotificationService = $false }
    }
}

function Get-CsAccessEdgeConfiguration {
    [pscustomobject]@{
        Identity = [XdsIdentity]::new('Global'); AllowAnonymousUsers = $true; AllowFederatedUsers = $true; AllowOutsideUsers = $true
        BeClearingHouse = $false; EnablePartnerDiscovery = $false; DiscoveredPartnerVerificationLevel = [VerificationLevelType]::UseSourceVerification
        RoutingMethod = [RoutingMethod]::UseDnsSrvRouting; DefaultRouteFqdn = $null; OutgoingTlsCountForFederatedPartners = 4
    }
}

function Get-CsHostingProvider {
    if ($Mode -eq 'single') { return }
    [pscustomobject]@{
        Identity = [XdsIdentity]::new('LyncOnline'); Name = 'LyncOnline'; ProxyFqdn = 'sipfed.online.lync.com'
        Enabled = $true; EnabledSharedAddressSpace = $false; VerificationLevel = [VerificationLevelType]::UseSourceVerification
    }
    [pscustomobject]@{
        Identity = [XdsIdentity]::new('Fabrikam Hosting'); Name = 'Fabrikam Hosting'
        ProxyFqdn = 'sip.fabrikam.com'; Enabled = $false; EnabledSharedAddressSpace = $false; VerificationLevel = [VerificationLevelType]::AlwaysVerifiable
    }
}

function Get-CsAllowedDomain {
    [pscustomobject]@{
        Identity = [XdsIdentity]::new('push.lync.com'); Domain = 'push.lync.com'; ProxyFqdn = ''; Comment = 'Push notifications'
        MarkForMonitoring = $false; VerificationLevel = [VerificationLevelType]::UseSourceVerification
    }
}

if ($Mode -eq 'raw') {
    $files = [ordered]@{
        'mcx.json' = 'Get-CsMcxConfiguration'; 'imfilter.json' = 'Get-CsImFilterConfiguration'
        'pushnotification.json' = 'Get-CsPushNotificationConfiguration'; 'accessedge.json' = 'Get-CsAccessEdgeConfiguration'
        'hostingproviders.json' = 'Get-CsHostingProvider'; 'alloweddomains.json' = 'Get-CsAllowedDomain'
    }
    foreach ($file in $files.Keys) {
        & $files[$file] | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $Path $file) -Encoding utf8
    }
    return
}

& $Script -Path $Path
