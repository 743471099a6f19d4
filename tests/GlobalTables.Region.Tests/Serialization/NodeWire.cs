using Akka.Actor;
using Akka.Configuration;

namespace GlobalTables.Region.Tests.Serialization;

/// <summary>
/// The serializers config/akka.conf binds, in an ActorSystem that joins no cluster: a message sent through
/// <see cref="RoundTrip"/> comes back as a node of the region (docs/cluster.md) would get it from another.
/// </summary>
public sealed class NodeWire : IDisposable
{
    // The project's config, without the extension that starts the transaction coordinator: no cluster is joined here.
    readonly ActorSystem _system = ActorSystem.Create("wire", ConfigurationFactory.ParseString("akka.extensions = []")
        .WithFallback(ConfigurationFactory.ParseString(TestRegion.AkkaConfig())));

    public T RoundTrip<T>(T message) where T : notnull
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        return (T)_system.Serialization.Deserialize(bytes, serializer.Identifier, Manifest(message));
    }

    /// <summary>The manifest the message crosses with.</summary>
    public string Manifest(object message) =>
        Akka.Serialization.Serialization.ManifestFor(_system.Serialization.FindSerializerFor(message), message);

    public void Dispose() => _system.Dispose();
}
