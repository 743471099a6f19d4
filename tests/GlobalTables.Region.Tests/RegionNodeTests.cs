using Akka.Persistence.Query;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Region.Configuration;
using GlobalTables.Testing;

namespace GlobalTables.Region.Tests;

/// <summary>
/// Tests on one real region node (us-east-1) on SQLite in a fresh temporary folder, which a test can restart on the
/// same folder, on a clock the test can shift. <see cref="Config"/> is laid over config/akka.conf.
/// </summary>
public abstract class RegionNodeTests : IAsyncLifetime
{
    protected string Folder { get; } = TestRegion.NewFolder();
    protected RegionNode Node { get; private set; } = null!;
    protected ShiftedTime Time { get; } = new();

    /// <summary>HOCON laid over config/akka.conf.</summary>
    protected virtual string Config => "";

    Task<RegionNode> StartAsync() =>
        RegionNode.StartAsync(new RegionSettings { Name = "us-east-1" }, TestRegion.AkkaConfig() + "\n" + Config, Folder, remotingPort: 0, time: Time);

    public async Task InitializeAsync() => Node = await StartAsync();

    /// <summary>Stops the node and starts it again on the same folder.</summary>
    protected async Task RestartAsync()
    {
        await Node.DisposeAsync();
        Node = await StartAsync();
    }

    /// <summary>The key of an item in a table keyed by a string partition key alone.</summary>
    protected static ItemKey Key(string pk) => new(AttributeValue.FromS(pk), null);

    /// <summary>A put of an item with a partition key <c>pk</c> and an attribute <c>v</c>.</summary>
    protected static PutRequest Put(string pk, string v) => new(Key(pk),
        new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS(pk), ["v"] = AttributeValue.FromS(v) }, null, ReturnValue.NONE, false);

    /// <summary>The events the journal holds for a persistence id, read through Akka.Persistence.Query.</summary>
    protected Task<IReadOnlyList<EventEnvelope>> JournalAsync(string persistenceId) => JournalEvents.ReadAsync(Node.System, persistenceId);

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}
