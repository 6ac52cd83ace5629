namespace PushExporter.Tests.EndToEnd;

/// <summary>One Kamailio, dnsmasq and pair of stunnels for every end-to-end test class.</summary>
[CollectionDefinition(Name)]
public sealed class EdgeScenarios : ICollectionFixture<EdgeScenarioWorld>
{
    public const string Name = "Edge scenarios";
}
