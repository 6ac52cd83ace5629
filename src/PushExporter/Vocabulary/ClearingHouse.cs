namespace PushExporter.Vocabulary;

/// <summary>Microsoft's Push Notification Clearing House, as the Lync configuration names it.</summary>
internal static class ClearingHouse
{
    /// <summary>The only correct <c>PushNotificationProxyUri</c> (Microsoft's "Test push notifications" page).</summary>
    public const string PushProxyUri = "sip:push@push.lync.com";

    /// <summary>The clearing house's domain: an allowed federated domain of the Access Edge.</summary>
    public const string Domain = "push.lync.com";

    /// <summary>The ProxyFqdn of the hosting provider that federation with it goes through (Skype for Business Online).</summary>
    public const string HostingProviderFqdn = "sipfed.online.lync.com";
}
