namespace PushExporter.Configuration.Lync;

/// <summary>The effective scope of <c>Get-CsPushNotificationConfiguration</c>.</summary>
/// <param name="Identity">The scope (Global, Site:&lt;site&gt;).</param>
/// <param name="Apple">EnableApplePushNotificationService (iPhone, iPad).</param>
/// <param name="Microsoft">EnableMicrosoftPushNotificationService (Windows Phone).</param>
internal sealed record PushNotificationEffective(string Identity, bool Apple, bool Microsoft)
{
    /// <summary>Whether the services of <paramref name="services"/> are all on.</summary>
    public bool Enables(PushServices services) =>
        (!services.HasFlag(PushServices.Apple) || Apple) && (!services.HasFlag(PushServices.Microsoft) || Microsoft);
}
