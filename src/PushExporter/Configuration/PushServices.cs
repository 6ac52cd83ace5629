namespace PushExporter.Configuration;

/// <summary>The push notification services a target requires (<c>push_services</c>).</summary>
[Flags]
internal enum PushServices
{
    None = 0,

    /// <summary><c>apple</c>: the Apple Push Notification Service (iPhone, iPad).</summary>
    Apple = 1,

    /// <summary><c>microsoft</c>: the Microsoft Push Notification Service (Windows Phone).</summary>
    Microsoft = 2,
}
