using System.Net;
using System.Net.NetworkInformation;

namespace PushExporter.Sip.Resolution;

/// <summary>The name servers the operating system uses (/etc/resolv.conf on Linux, the adapters' settings on Windows).</summary>
internal static class SystemNameServers
{
    /// <summary>The system's name servers on port 53; none when the system will not say (then every lookup reports that).</summary>
    public static IReadOnlyList<IPEndPoint> Discover()
    {
        try
        {
            return
            [
                .. NetworkInterface.GetAllNetworkInterfaces()
                    .Where(i => i.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
                    .SelectMany(i => i.GetIPProperties().DnsAddresses)
                    // fec0:0:0:ffff::1–3 are Windows' placeholders from the deprecated site-local range (RFC 3879), never a real server.
                    .Where(a => !a.IsIPv6SiteLocal)
                    .Distinct()
                    .Select(a => new IPEndPoint(a, DnsResolverOptions.DefaultPort)),
            ];
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
