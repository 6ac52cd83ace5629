namespace PushExporter.Configuration;

/// <summary>The modules that exist without configuration (PRODUCT.md, "Modules").</summary>
internal static class BuiltInModules
{
    public const string PushRouteName = "push_route";
    public const string PushMessageName = "push_message";

    /// <summary><c>OPTIONS</c> without content: checks the route only.</summary>
    public static ModuleConfig PushRoute { get; } = new();

    /// <summary>
    /// <c>MESSAGE</c> whose body holds an <c>http://</c> URL, so an IM filter blocking
    /// <c>http:</c> answers it the way it answers a real push notification.
    /// </summary>
    public static ModuleConfig PushMessage { get; } = new()
    {
        Method = "MESSAGE",
        ContentType = "text/plain",
        Body = "PushExporter push route probe, see http://push.lync.com/",
    };

    public static IReadOnlyDictionary<string, ModuleConfig> All { get; } = new Dictionary<string, ModuleConfig>(StringComparer.Ordinal)
    {
        [PushRouteName] = PushRoute,
        [PushMessageName] = PushMessage,
    };
}
