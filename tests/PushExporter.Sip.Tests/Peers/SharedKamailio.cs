using PushExporter.Testing;

namespace PushExporter.Sip.Tests.Peers;

/// <summary>One Kamailio Edge (and its SIPp clearing house) shared by every test in the collection.</summary>
[CollectionDefinition(Name)]
public sealed class SharedKamailio : ICollectionFixture<KamailioEdge>
{
    public const string Name = "Kamailio Edge";
}
