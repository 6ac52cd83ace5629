namespace PushExporter.Hosting;

/// <summary>What <c>pushexporter serve</c> was asked to do.</summary>
internal sealed record ServeOptions
{
    public const string DefaultListenAddress = ":9860";

    public string ListenAddress { get; init; } = DefaultListenAddress;

    public WebConfig? WebConfig { get; init; }

    public string LogLevel { get; init; } = "info";

    public string LogFormat { get; init; } = "text";

    /// <summary>A Unix domain socket that answers the health endpoints only (<see cref="HealthSocket"/>); null for none.</summary>
    public string? HealthSocketPath { get; init; }
}
