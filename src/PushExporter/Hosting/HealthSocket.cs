using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PushExporter.Hosting;

/// <summary>
/// An optional second listener on a Unix domain socket (<c>--web.health-socket</c>, or the
/// <c>PUSHEXPORTER_HEALTH_SOCKET</c> variable) that answers <c>/-/healthy</c> and <c>/-/ready</c>
/// and nothing else, without TLS or basic auth: what <c>pushexporter healthcheck</c> (the image's
/// HEALTHCHECK) asks, whatever the main listener's address, certificates or passwords are. Only
/// processes that may open the file reach it; it serves no metric, page or probe.
/// </summary>
internal static class HealthSocket
{
    public const string EnvironmentVariable = "PUSHEXPORTER_HEALTH_SOCKET";

    private static readonly HashSet<string> _paths = new(StringComparer.Ordinal) { "/-/healthy", "/-/ready" };

    /// <summary>The socket path from the environment, the default of the flag; null when unset.</summary>
    public static string? FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path ? path : null;

    public static void Listen(KestrelServerOptions kestrel, string path)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        // A socket file left by a process that was killed would make the bind fail.
        if (File.Exists(path) && (File.GetAttributes(path) & FileAttributes.Directory) == 0 && new FileInfo(path).Length == 0)
        {
            File.Delete(path);
        }

        kestrel.ListenUnixSocket(path);
    }

    /// <summary>A request that came over the health socket (no IP address on either end).</summary>
    public static bool Carries(HttpContext context) =>
        context.Connection.LocalIpAddress is null && context.Connection.RemoteIpAddress is null;

    /// <summary>Lets the health socket answer its two paths and nothing else (404), before authentication.</summary>
    public static void UseRestriction(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            if (Carries(context) && !_paths.Contains(context.Request.Path.Value ?? string.Empty))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync("the health socket answers /-/healthy and /-/ready only\n").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }
}
