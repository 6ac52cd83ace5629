namespace PushExporter.Sip.Tests.Peers;

/// <summary>One dnsmasq for every DNS test in the collection.</summary>
[CollectionDefinition(Name)]
public sealed class SharedContosoDns : ICollectionFixture<ContosoDns>
{
    public const string Name = "dnsmasq contoso.test";
}
