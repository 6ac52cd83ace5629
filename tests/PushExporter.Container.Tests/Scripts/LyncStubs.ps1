# Stand-ins for the Lync / Skype for Business cmdlets, shaped like what they return: Identity is
# an XdsIdentity object (its text is the scope), Action an enum, Prefixes a string collection.
# Defined here, then scripts/Export-PushConfiguration.ps1 runs and finds them as if the
# Management Shell had loaded them.
param(
    [Parameter(Mandatory = $true)] [string] $Script,
    [Parameter(Mandatory = $true)] [string] $Path,
    [ValidateSet('sites', 'single', 'failing')] [string] $Mode = 'sites'
)

$ErrorActionPreference = 'Stop'

class XdsIdentity {
    [string] $ScopeClass
    [string] $Name
    XdsIdentity([string] $text) { $this.Name = $text; $this.ScopeClass = ($text -split ':')[0] }
    [string] ToString() { return $this.Name }
}

enum UrlFilterAction { Allow; Block; Warn }

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
    [pscustomobject]@{ Identity = [XdsIdentity]::new('Global'); EnableApplePushNotificationService = $true; EnableMicrosoftPushNotificationService = $true }
}

function Get-CsHostingProvider {
    [pscustomobject]@{
        Identity = [XdsIdentity]::new('LyncOnline'); Name = 'LyncOnline'; ProxyFqdn = 'sipfed.online.lync.com'
        Enabled = $true; EnabledSharedAddressSpace = $false; VerificationLevel = 'UseSourceVerification'
    }
    [pscustomobject]@{
        Identity = [XdsIdentity]::new('Push Notification Service'); Name = 'Push Notification Service'
        ProxyFqdn = 'push.lync.com'; Enabled = $true; EnabledSharedAddressSpace = $false; VerificationLevel = 'UseSourceVerification'
    }
}

function Get-CsAllowedDomain {
    [pscustomobject]@{ Identity = [XdsIdentity]::new('push.lync.com'); Domain = 'push.lync.com'; ProxyFqdn = ''; Comment = 'Push notifications' }
}

& $Script -Path $Path
