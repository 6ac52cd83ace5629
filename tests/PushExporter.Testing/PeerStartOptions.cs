namespace PushExporter.Testing;

/// <summary>How <see cref="PeerProcess.Start(string, string, IEnumerable{string}, PeerStartOptions?)"/> starts a peer, beyond its arguments.</summary>
public sealed record PeerStartOptions
{
    /// <summary>The peer's working directory; null means the test's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set in the peer's environment; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Keep every line the peer writes, stdout and stderr apart (<see cref="PeerProcess.StdoutLines"/>),
    /// for a peer whose whole output is under test (the exporter's own logs). Off for chatty peers.
    /// </summary>
    public bool KeepAllOutput { get; init; }
}
