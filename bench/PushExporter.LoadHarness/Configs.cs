using System.Globalization;
using System.Text;

namespace PushExporter.LoadHarness;

/// <summary>The configuration files the harness generates: N loopback targets, and the blackbox module.</summary>
internal static class Configs
{
    /// <summary>
    /// The OPTIONS that PushExporter's <c>push_route</c> module sends over TCP (as captured
    /// on the wire), with fixed branch, tag and Call-ID: what the blackbox
    /// exporter's <c>tcp</c> prober sends through <c>query_response</c>.
    /// </summary>
    public static string OptionsRequest() => """
        OPTIONS sip:push@push.lync.com SIP/2.0
        Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK0123456789abcdef01234567;rport
        Max-Forwards: 70
        From: <sip:pushexporter@127.0.0.1>;tag=0123456789abcdef
        To: <sip:push@push.lync.com>
        Call-ID: 0123456789abcdef0123456789abcdef
        CSeq: 1 OPTIONS
        Contact: <sip:pushexporter@127.0.0.1:5060;transport=tcp>
        User-Agent: PushExporter/1.0.0
        Content-Length: 0


        """.ReplaceLineEndings("\r\n");

    public static string TargetName(int index) => string.Create(CultureInfo.InvariantCulture, $"edge-{index:D5}");

    public static string PushExporter(int targets, int edgePort, TimeSpan interval, TimeSpan timeout)
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"""
            global:
              interval: {interval.TotalSeconds}s
              timeout: {timeout.TotalSeconds}s
            targets:

            """);
        for (var i = 1; i <= targets; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - name: {TargetName(i)}
                    access_edge_fqdn: 127.0.0.1
                    port: {edgePort}
                    transport: tcp

                """);
        }

        return yaml.ToString();
    }

    public static string Blackbox(int edgePort, TimeSpan timeout)
    {
        // A YAML double-quoted scalar: CRLF written as \r\n escapes.
        var send = OptionsRequest().Replace("\r\n", "\\r\\n", StringComparison.Ordinal);
        return string.Create(CultureInfo.InvariantCulture, $"""
            modules:
              sip_options_tcp:
                prober: tcp
                timeout: {timeout.TotalSeconds}s
                tcp:
                  preferred_ip_protocol: ip4
                  ip_protocol_fallback: false
                  query_response:
                    - send: "{send}"
                    - expect: "^SIP/2.0 200"

            """);
    }
}
