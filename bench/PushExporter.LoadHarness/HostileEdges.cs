using System.Text;
using PushExporter.Testing;

namespace PushExporter.LoadHarness;

/// <summary>
/// The soak's hostile Edges, each a <see cref="ScriptedEdge"/> on its own free 127.0.0.1 TCP
/// port inside the harness process: floods of <c>100 Trying</c> and of stray responses,
/// silence, and a slow drip. Their CPU is the harness's, not the exporter's.
/// </summary>
internal sealed class HostileEdges : IAsyncDisposable
{
    private readonly Dictionary<EdgeKind, ScriptedEdge> _edges;

    private HostileEdges(Dictionary<EdgeKind, ScriptedEdge> edges) => _edges = edges;

    /// <summary>Every hostile kind, in the order hostile targets take them.</summary>
    public static IReadOnlyList<EdgeKind> Kinds { get; } = [EdgeKind.FloodTrying, EdgeKind.FloodStray, EdgeKind.Silent, EdgeKind.SlowDrip];

    public static HostileEdges Start(TimeSpan dripPause) => new(new Dictionary<EdgeKind, ScriptedEdge>
    {
        [EdgeKind.FloodTrying] = ScriptedEdge.FloodingTrying(),
        [EdgeKind.FloodStray] = ScriptedEdge.Start((exchange, ct) => exchange.SendForeverAsync(StrayResponse(exchange), ct)),
        [EdgeKind.Silent] = ScriptedEdge.Silent(),
        [EdgeKind.SlowDrip] = ScriptedEdge.SlowDrip(dripPause),
    });

    public int Port(EdgeKind kind) => _edges[kind].Port;

    /// <summary>Connections each hostile Edge has accepted so far.</summary>
    public int Connections(EdgeKind kind) => _edges[kind].Connections;

    public async ValueTask DisposeAsync()
    {
        foreach (var edge in _edges.Values)
        {
            await edge.DisposeAsync();
        }
    }

    // A 200 OK that matches the request's branch but not its Call-ID: a response to some other transaction.
    private static byte[] StrayResponse(ScriptedEdge.Exchange exchange)
    {
        var response = exchange.Response(200, "OK");
        var start = response.IndexOf("Call-ID:", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            throw new InvalidOperationException("the probe's request had no Call-ID header");
        }

        var end = response.IndexOf("\r\n", start, StringComparison.Ordinal);
        return Encoding.ASCII.GetBytes(string.Concat(response.AsSpan(0, start), "Call-ID: stray-0123456789", response.AsSpan(end)));
    }
}
