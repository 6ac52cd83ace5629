namespace PushExporter.Vocabulary;

/// <summary>Microsoft's Push Notification Clearing House, as the Lync configuration names it.</summary>
internal static class ClearingHouse
{
    /// <summary>The only correct <c>PushNotificationProxyUri</c> (Microsoft's "Test push notifications" page).</summary>
    public const string PushProxyUri = "sip:push@push.lync.com";
}
