namespace PushExporter.Configuration.Lync;

/// <summary>The effective scope of <c>Get-CsMcxConfiguration</c>.</summary>
internal sealed record McxEffective(string Identity, string? PushNotificationProxyUri);
