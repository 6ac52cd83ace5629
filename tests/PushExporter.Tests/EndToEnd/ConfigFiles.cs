namespace PushExporter.Tests.EndToEnd;

/// <summary>Configuration files for tests that run the real binary.</summary>
internal static class ConfigFiles
{
    /// <summary>One TCP target on a loopback port nobody listens on, probed every second.</summary>
    public static string RefusingTarget(string name, int port) => $"""
        global:
          interval: 1s
          timeout: 500ms
        targets:
          - name: {name}
            access_edge_fqdn: 127.0.0.1
            port: {port}
            transport: tcp

        """;
}
