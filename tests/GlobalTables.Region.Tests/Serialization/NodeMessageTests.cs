using Akka.Actor;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Catalog;
using GlobalTables.Region.Partitions;
using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Tests.Serialization;

/// <summary>
/// Messages between the nodes of one region (docs/cluster.md) cross the wire with the serializers config/akka.conf binds:
/// each comes back with the same values.
/// </summary>
public sealed class NodeMessageTests : IDisposable
{
    readonly NodeWire _wire = new();

    T RoundTrip<T>(T message) where T : notnull => _wire.RoundTrip(message);

    static readonly ItemKey Key = new(AttributeValue.FromS("k1"), null);

    static readonly Dictionary<string, AttributeValue> Item = new()
    {
        ["pk"] = AttributeValue.FromS("k1"),
        ["n"] = AttributeValue.FromN("12.50"),
        ["l"] = AttributeValue.FromL([AttributeValue.FromS("x"), AttributeValue.FromBool(true)]),
        ["ns"] = AttributeValue.FromNS([Model.Attributes.DynamoNumber.Parse("3")]),
    };

    static TableDefinition Table() => TableValidation.Define(
        new CreateTableRequest("Music", [("pk", "S")], [("pk", "HASH")], "PAY_PER_REQUEST", null, null, null, null), Guid.NewGuid().ToString(), 16, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_write_for_a_partition_on_another_node_keeps_its_item()
    {
        var back = RoundTrip(new PartitionEnvelope("Music#3", new WriteItem(new PutRequest(Key, Item, null, ReturnValue.NONE, false))));

        Assert.Equal("Music#3", back.EntityId);
        var put = Assert.IsType<PutRequest>(Assert.IsType<WriteItem>(back.Message).Request);
        Assert.Equal(Key, put.Key);
        Assert.Equal(Item.OrderBy(kv => kv.Key), put.Item.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void A_local_write_told_to_the_hub_on_another_node_keeps_its_change()
    {
        var version = new Model.Replication.Version(new HlcStamp(1_700_000_000_000, 2), "us-east-1");
        var change = new ItemChanged("Music", Key, Item, version, VersionVector.Empty.With(version));

        var back = RoundTrip(new LocalWrite(change, "Music@id-1", 7, 42));

        Assert.Equal(("Music@id-1", 7, 42L), (back.Tag, back.Partition, back.Sequence));
        Assert.Equal(change.Version, back.Change.Version);
        Assert.Equal(change.Context, back.Change.Context);
        Assert.Equal(Item.OrderBy(kv => kv.Key), back.Change.NewImage!.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void The_catalog_answers_and_its_directory_reach_another_node_whole()
    {
        var table = Table();

        var result = RoundTrip(new CatalogResult(table, null, 7));
        var changed = RoundTrip(new DirectoryChanged([table], 9));

        Assert.Equal(7, result.Version);
        Assert.Equal(table.KeySchema, result.Table!.KeySchema);
        Assert.Equal(table.Name, result.Table.Name);
        Assert.Equal(9, changed.Version);
        Assert.Equal(table.KeySchema, Assert.Single(changed.Tables!).KeySchema);
        Assert.Same(SubscribeDirectory.Instance, RoundTrip(SubscribeDirectory.Instance));
    }

    [Fact]
    public void A_refusal_from_a_partition_on_another_node_keeps_its_code()
    {
        var back = RoundTrip(new Status.Failure(Model.Validation.DynamoException.ConditionalCheckFailed()));

        var error = Assert.IsType<Model.Validation.DynamoException>(back.Cause);
        Assert.Equal(Model.Validation.ErrorCode.ConditionalCheckFailed, error.Code);
        Assert.Equal("The conditional request failed", error.Message);
    }

    public void Dispose() => _wire.Dispose();
}
