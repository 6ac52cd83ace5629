namespace PushExporter.LoadHarness;

/// <summary>What answers a soak target: Kamailio's 200 OK, or one of the hostile Edges.</summary>
internal enum EdgeKind
{
    Healthy,

    /// <summary>A matching <c>100 Trying</c> again and again, never a final response.</summary>
    FloodTrying,

    /// <summary>Responses to another transaction (wrong Call-ID) again and again.</summary>
    FloodStray,

    /// <summary>Reads the request and never answers.</summary>
    Silent,

    /// <summary>A <c>200 OK</c> one byte at a time, too slowly to finish within the timeout.</summary>
    SlowDrip,
}
