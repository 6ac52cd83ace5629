using System.Text.RegularExpressions;
using PushExporter.Configuration;
using PushExporter.Configuration.Lync;
using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>
/// The administrator's fix for each failing check of the configuration audit. Each names the
/// scope or entry of the export that holds the bad value (never one the export does not show),
/// and looks before it creates: Microsoft says never to add a second hosting provider for the
/// same ProxyFqdn, and <c>Set-CsHostingProvider</c> cannot change a ProxyFqdn.
/// </summary>
internal static partial class ConfigAuditFixes
{
    // The names New-CsHostingProvider is given, in order of preference: Microsoft's push setup uses LyncOnline.
    private static readonly string[] _providerNames = ["LyncOnline", "SkypeforBusinessOnline", "PushNotificationClearingHouse"];

    public static string ProxyUri(string scope) =>
        $"Set-CsMcxConfiguration -Identity {Argument(scope)} -PushNotificationProxyUri \"{ClearingHouse.PushProxyUri}\" (the scope that holds the value), then check with Get-CsMcxConfiguration -Identity {Argument(scope)}.";

    public static string ImFilter(string scope, IEnumerable<string> blocked) =>
        string.Join("; ", blocked.Select(prefix => $"Set-CsImFilterConfiguration -Identity {Argument(scope)} -Prefixes @{{remove={Quoted(prefix)}}}"))
        + $" (the scope whose filter blocks; check with (Get-CsImFilterConfiguration -Identity {Argument(scope)}).Prefixes).";

    /// <summary>The services to switch on; <paramref name="missing"/> <see cref="PushServices.None"/> means either will do.</summary>
    public static string EnablePushServices(string scope, PushServices missing)
    {
        var command = $"Set-CsPushNotificationConfiguration -Identity {Argument(scope)}";
        return missing switch
        {
            PushServices.None =>
                $"{command} -EnableApplePushNotificationService $True for iPhone and iPad, and/or {command} -EnableMicrosoftPushNotificationService $True for Windows Phone (the scope that switches them off).",
            _ => command
                + (missing.HasFlag(PushServices.Apple) ? " -EnableApplePushNotificationService $True" : string.Empty)
                + (missing.HasFlag(PushServices.Microsoft) ? " -EnableMicrosoftPushNotificationService $True" : string.Empty)
                + " (the scope that switches them off).",
        };
    }

    public static string FederationEnabled(string scope) =>
        $"Set-CsAccessEdgeConfiguration -Identity {Argument(scope)} -AllowFederatedUsers $True (check with Get-CsAccessEdgeConfiguration -Identity {Argument(scope)}).";

    public static string EnableHostingProvider(string identity) =>
        $"Set-CsHostingProvider -Identity {Argument(identity)} -Enabled $True (the provider for {ClearingHouse.HostingProviderFqdn} exists and is disabled: enable it, never add a second one for the same ProxyFqdn).";

    public static string NewHostingProvider(IReadOnlyList<HostingProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var name = Array.Find(_providerNames, n => !providers.Any(p => p.Identity.Equals(n, StringComparison.OrdinalIgnoreCase))) ?? _providerNames[^1];
        var taken = providers.FirstOrDefault(p => p.Identity.Equals(_providerNames[0], StringComparison.OrdinalIgnoreCase));
        return $"Look first: Get-CsHostingProvider | Where-Object ProxyFqdn -eq \"{ClearingHouse.HostingProviderFqdn}\". If it shows a provider (hybrid sites have one, e.g. LyncOnline or SkypeforBusinessOnline), enable that one with Set-CsHostingProvider -Identity <it> -Enabled $True; "
            + $"only if it shows none: New-CsHostingProvider -Identity {Argument(name)} -Enabled $True -ProxyFqdn \"{ClearingHouse.HostingProviderFqdn}\" -VerificationLevel UseSourceVerification."
            + (taken is null ? string.Empty : $" ({_providerNames[0]} is taken by the provider for {taken.ProxyFqdn ?? "no ProxyFqdn"}, and Set-CsHostingProvider cannot change a ProxyFqdn.)");
    }

    public static string NewAllowedDomain() =>
        $"Look first: Get-CsAllowedDomain | Where-Object Identity -eq \"{ClearingHouse.Domain}\"; if it shows none: New-CsAllowedDomain -Identity \"{ClearingHouse.Domain}\" (a domain on the blocked list must leave it first: Remove-CsBlockedDomain -Identity \"{ClearingHouse.Domain}\").";

    public static string RemoveAllowedDomainProxy(string providerIdentity, string proxyFqdn) =>
        $"Remove the ProxyFqdn from the allowed domain {ClearingHouse.Domain}; the hosting provider {Argument(providerIdentity)} routes {proxyFqdn} already: Set-CsAllowedDomain -Identity \"{ClearingHouse.Domain}\" -ProxyFqdn $Null, or Remove-CsAllowedDomain -Identity \"{ClearingHouse.Domain}\" then New-CsAllowedDomain -Identity \"{ClearingHouse.Domain}\". Then start the Access Edge service (Start-CsWindowsService on the Edge).";

    /// <summary>A value from an export as a PowerShell argument: bare when it is a plain name (<c>Global</c>, <c>Site:Dallas</c>), else quoted.</summary>
    private static string Argument(string value) => PlainName().IsMatch(value) ? value : Quoted(value);

    // Double quotes as Microsoft's examples write them when nothing in the value is special to
    // PowerShell; else single quotes, in which only the quote characters need doubling.
    private static string Quoted(string value) => PlainName().IsMatch(value)
        ? $"\"{value}\""
        : "'" + SingleQuote().Replace(value, "$0$0") + "'";

    [GeneratedRegex(@"^[A-Za-z0-9:._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainName();

    // PowerShell ends a single-quoted string at any of the single quotation marks.
    [GeneratedRegex("['\u2018\u2019\u201A\u201B]", RegexOptions.CultureInvariant)]
    private static partial Regex SingleQuote();
}
