using Akka.Actor;
using Akka.Configuration;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Catalog;
using GlobalTables.Region.Serialization;

namespace GlobalTables.Region.Tests.Serialization;

/// <summary>Journal rows outlive the code that wrote them: manifests and persisted enum values never change.</summary>
public sealed class PersistedFormatTests : IDisposable
{
    // The serializers as config/akka.conf binds them: a snapshot writes its prepared transactions, and they their changes, with theirs.
    readonly ActorSystem _system = ActorSystem.Create("format", ConfigurationFactory.ParseString("""
        akka.loglevel = ERROR
        akka.actor {
          serializers {
            globaltables = "GlobalTables.Region.Serialization.GlobalTablesSerializer, GlobalTables.Region"
            globaltables-transactions = "GlobalTables.Region.Transactions.TransactionSerializer, GlobalTables.Region"
          }
          serialization-bindings {
            "GlobalTables.Model.Partitions.ItemChanged, GlobalTables.Model" = globaltables
            "GlobalTables.Model.Transactions.ITransactionEvent, GlobalTables.Model" = globaltables-transactions
          }
        }
        """));
    GlobalTablesSerializer Serializer => new((ExtendedActorSystem)_system);

    [Fact]
    public void Manifests_are_frozen()
    {
        Assert.Equal("ic1", GlobalTablesSerializer.ItemChangedV1Manifest);
        Assert.Equal("ic2", GlobalTablesSerializer.ItemChangedV2Manifest);
        Assert.Equal("ic3", GlobalTablesSerializer.ItemChangedManifest);
        Assert.Equal("rb4", GlobalTablesSerializer.ReplicateBatchManifest);
        Assert.Equal("td1", GlobalTablesSerializer.TableDefinedManifest);
        Assert.Equal("tr1", GlobalTablesSerializer.TableRemovedManifest);
        Assert.Equal("lu1", GlobalTablesSerializer.LostUpdateManifest);
        Assert.Equal("ps1", GlobalTablesSerializer.PartitionSnapshotV1Manifest);
        Assert.Equal("ps2", GlobalTablesSerializer.PartitionSnapshotV2Manifest);
        Assert.Equal("ps3", GlobalTablesSerializer.PartitionSnapshotManifest);
        Assert.Equal("ix1", GlobalTablesSerializer.IndexesDefinedManifest);
        // Only on the wire between a region's nodes, but a node of the next version must still read it.
        Assert.Equal("id1", GlobalTablesSerializer.ItemsDumpedManifest);
        // On the wire between regions, which may run different versions.
        Assert.Equal("go2", GlobalTablesSerializer.GetReplicationOffsetsManifest);
        Assert.Equal("ro2", GlobalTablesSerializer.ReplicationOffsetsManifest);
        Assert.Equal("pr1", GlobalTablesSerializer.PeerReachableManifest);
        Assert.Equal("gm1", GlobalTablesSerializer.GetRegionMembersManifest);
        Assert.Equal("rm1", GlobalTablesSerializer.RegionMembersManifest);
        Assert.Equal(7100, GlobalTablesSerializer.SerializerId);
    }

    [Fact]
    public void Persisted_enum_values_are_frozen()
    {
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], Enum.GetValues<AttributeType>().Select(v => (int)v));
        Assert.Equal([1, 2, 3, 4], new[] { ApplyOutcome.Overwrite, ApplyOutcome.Stale, ApplyOutcome.ConcurrentIncomingWon, ApplyOutcome.ConcurrentCurrentWon }.Select(v => (int)v));
        Assert.Equal(5, (int)ReplicaStatus.ACTIVE);
        Assert.Equal(4, (int)TableStatus.ACTIVE);
    }

    static ItemChanged SampleChange(IReadOnlyDictionary<string, AttributeValue>? image) => new(
        "Orders",
        new ItemKey(AttributeValue.FromS("customer#1"), AttributeValue.FromN("42.5")),
        image,
        new Version(new HlcStamp(1_795_000_000_123, 7), "eu-west-2"),
        VersionVector.From([KeyValuePair.Create("eu-west-2", new HlcStamp(1_795_000_000_123, 7)), KeyValuePair.Create("us-east-1", new HlcStamp(1_794_999_999_000, 0))]),
        VersionVector.From([KeyValuePair.Create("eu-west-2", new HlcStamp(1_795_000_000_123, 7))]),
        "eu-west-2",
        new Lineage(VersionVector.From([KeyValuePair.Create("eu-west-2", new HlcStamp(1_795_000_000_123, 7))]),
            [new Lineage.Hole("eu-west-2", new HlcStamp(1_795_000_000_001, 0), new HlcStamp(1_795_000_000_100, 2))]));

    static Dictionary<string, AttributeValue> EveryType() => new()
    {
        ["s"] = AttributeValue.FromS("héllo"),
        ["n"] = AttributeValue.FromN("-12345678901234567890123456789012345678"),
        ["b"] = AttributeValue.FromB([0, 1, 255]),
        ["t"] = AttributeValue.True,
        ["z"] = AttributeValue.Null,
        ["m"] = AttributeValue.FromM(new Dictionary<string, AttributeValue> { ["inner"] = AttributeValue.FromL([AttributeValue.FromS("x"), AttributeValue.FromN("1E+100")]) }),
        ["ss"] = AttributeValue.FromSS(["a", "b"]),
        ["ns"] = AttributeValue.FromNS([DynamoNumber.Parse("1"), DynamoNumber.Parse("0.001")]),
        ["bs"] = AttributeValue.FromBS([[1], [2, 3]]),
    };

    /// <summary>Everything of a change but its image and previous sequence.</summary>
    static void AssertSameHead(ItemChanged expected, ItemChanged actual)
    {
        Assert.Equal(expected.Table, actual.Table);
        Assert.Equal(expected.Key, actual.Key);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Context, actual.Context);
        Assert.Equal(expected.WriteContext, actual.WriteContext);
        Assert.Equal(expected.ReplicatedFrom, actual.ReplicatedFrom);
        Assert.Equal(expected.Lineage, actual.Lineage);
    }

    [Fact]
    public void An_ItemChanged_with_every_type_round_trips()
    {
        var change = SampleChange(EveryType());
        var bytes = Serializer.ToBinary(change);
        var back = (ItemChanged)Serializer.FromBinary(bytes, Serializer.Manifest(change));
        AssertSameHead(change, back);
        Assert.False(back.DataLineage.Carries(new Version(new HlcStamp(1_795_000_000_050, 0), "eu-west-2")));
        Assert.Equal(change.NewImage!.Count, back.NewImage!.Count);
        foreach (var (name, value) in change.NewImage) Assert.Equal(value, back.NewImage[name]);
    }

    [Fact]
    public void An_ic1_row_written_before_ic2_still_reads()
    {
        // A row as the journal held it before ic2: keys and image as JSON strings inside JSON.
        const string row = """{"T":"smoke","Pk":"{\u0022S\u0022:\u0022Acme Band\u0022}","Sk":"{\u0022S\u0022:\u0022Happy Day\u0022}","Img":"{\u0022Artist\u0022:{\u0022S\u0022:\u0022Acme Band\u0022},\u0022Plays\u0022:{\u0022N\u0022:\u00221\u0022}}","Vp":1795684427371,"Vl":0,"Vr":"eu-west-2","C":{"eu-west-2":[1795684427371,0]},"Ln":{"B":{"eu-west-2":[1795684427371,0]}}}""";
        var change = (ItemChanged)Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(row), GlobalTablesSerializer.ItemChangedV1Manifest);
        Assert.Equal(AttributeValue.FromS("Acme Band"), change.Key.PartitionKey);
        Assert.Equal(AttributeValue.FromS("Happy Day"), change.Key.SortKey);
        Assert.Equal(AttributeValue.FromN("1"), change.NewImage!["Plays"]);
        Assert.Equal(new Version(new HlcStamp(1795684427371, 0), "eu-west-2"), change.Version);
        // ic1 rows predate stream records: their old image is not known.
        Assert.Equal(0, change.PreviousSequence);
    }

    /// <summary>An ic2 row as the journal held it before ic3: keys and image as nested JSON.</summary>
    const string Ic2Row = """{"T":"Orders","Pk":{"S":"customer#1"},"Sk":{"N":"42.5"},"Img":{"s":{"S":"h\u00E9llo"},"n":{"N":"-0.001"},"m":{"M":{"inner":{"L":[{"S":"x"},{"BOOL":true}]}}},"ns":{"NS":["1","2"]}},"Vp":1795000000123,"Vl":7,"Vr":"eu-west-2","C":{"eu-west-2":[1795000000123,7],"us-east-1":[1794999999000,0]},"Wc":{"eu-west-2":[1795000000123,7]},"Src":"eu-west-2","Ln":{"B":{"eu-west-2":[1795000000123,7]},"H":[["eu-west-2",1795000000001,0,1795000000100,2]]},"Ps":41}""";

    static void AssertIsTheIc2Row(ItemChanged change)
    {
        AssertSameHead(SampleChange(null), change);
        Assert.Equal(41, change.PreviousSequence);
        Assert.Equal(AttributeValue.FromS("héllo"), change.NewImage!["s"]);
        Assert.Equal(AttributeValue.FromN("-0.001"), change.NewImage["n"]);
        Assert.Equal(AttributeValue.FromL([AttributeValue.FromS("x"), AttributeValue.True]), change.NewImage["m"].M["inner"]);
        Assert.Equal(AttributeValue.FromNS([DynamoNumber.Parse("2"), DynamoNumber.Parse("1")]), change.NewImage["ns"]);
    }

    [Fact]
    public void An_ic2_row_written_before_ic3_still_reads()
    {
        AssertIsTheIc2Row((ItemChanged)Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(Ic2Row), GlobalTablesSerializer.ItemChangedV2Manifest));
    }

    [Fact]
    public void An_ItemChanged_is_written_as_ic3_with_its_previous_sequence()
    {
        var change = SampleChange(EveryType()) with { PreviousSequence = 41 };
        Assert.Equal("ic3", Serializer.Manifest(change));
        var back = (ItemChanged)Serializer.FromBinary(Serializer.ToBinary(change), "ic3");
        Assert.Equal(41, back.PreviousSequence);
        Assert.Equal(0, ((ItemChanged)Serializer.FromBinary(Serializer.ToBinary(SampleChange(null)), "ic3")).PreviousSequence);
        var bare = change with { Key = new ItemKey(AttributeValue.FromB([1, 2]), null), WriteContext = null, ReplicatedFrom = null, Lineage = null, Context = VersionVector.Empty };
        var bareBack = (ItemChanged)Serializer.FromBinary(Serializer.ToBinary(bare), "ic3");
        Assert.Equal(bare.Key, bareBack.Key);
        Assert.Null(bareBack.WriteContext);
        Assert.Null(bareBack.ReplicatedFrom);
        Assert.Null(bareBack.Lineage);
        Assert.Equal(VersionVector.Empty, bareBack.Context);
    }

    static PartitionSnapshot SampleSnapshot(IReadOnlyList<RetentionMark>? marks = null, HlcStamp collectedThrough = default, IndexesDefined? indexes = null)
    {
        var change = SampleChange(EveryType()) with { PreviousSequence = 3 };
        var tombstone = SampleChange(null) with { Key = new ItemKey(AttributeValue.FromS("gone"), null), WriteContext = null, Lineage = null };
        var lost = new LostUpdate("Orders", change.Key,
            new WriteRecord(EveryType(), change.Version, change.Context),
            new WriteRecord(null, new Version(new HlcStamp(1_795_000_000_100, 0), "us-east-1"), VersionVector.Empty),
            "eu-west-2", DateTimeOffset.Parse("2026-11-30T07:00:00Z"));
        var prepared = new Model.Transactions.TransactionPrepared("tx1", [change.Key], [change]);
        return new PartitionSnapshot("Orders",
            [KeyValuePair.Create(change.Key, StoredItem.Of(change, 41)), KeyValuePair.Create(tombstone.Key, StoredItem.Of(tombstone, 42))],
            [lost], [prepared], marks ?? [], collectedThrough, indexes);
    }

    /// <summary>A GSI on a string and a number projecting one attribute, and an LSI projecting keys only.</summary>
    static readonly IndexesDefined SampleIndexes = new(
        new KeySchema(new KeyAttribute("customer", AttributeType.S), new KeyAttribute("order", AttributeType.N)),
        [
            new SecondaryIndexDefinition("ByStatus", true, new KeySchema(new KeyAttribute("status", AttributeType.S), new KeyAttribute("placed", AttributeType.N)),
                new IndexProjection(ProjectionType.INCLUDE, ["note"]), IndexStatus.CREATING, Backfilling: true, ReadCapacityUnits: 5, WriteCapacityUnits: 6),
            new SecondaryIndexDefinition("ByTotal", false, new KeySchema(new KeyAttribute("customer", AttributeType.S), new KeyAttribute("total", AttributeType.N)),
                new IndexProjection(ProjectionType.KEYS_ONLY)),
        ]);

    /// <summary>Two entries of ByStatus: a table key with a sort key and one without.</summary>
    static readonly IndexContents SampleContents = new("ByStatus",
    [
        (new IndexEntry(new ItemKey(AttributeValue.FromS("OPEN"), AttributeValue.FromN("3")), new ItemKey(AttributeValue.FromS("ann"), AttributeValue.FromN("1"))), 42),
        (new IndexEntry(new ItemKey(AttributeValue.FromS("OPEN"), AttributeValue.FromN("7")), new ItemKey(AttributeValue.FromS("bob"), null)), 300),
    ]);

    /// <summary>What ps3 writes after the ix1 block for <see cref="SampleContents"/>.</summary>
    const string Ps3EntriesGolden = "AQhCeVN0YXR1cwIBAQNhbm4CAAEBAQEET1BFTgIAAQMqAAEDYm9iAQEET1BFTgIAAQesAg==";

    /// <summary>ix1 as this code first wrote it.</summary>
    const string Ix1Golden =
        """
        {"TableKeys":{"PartitionKey":{"Name":"customer","Type":"S"},"SortKey":{"Name":"order","Type":"N"},"Attributes":[{"Name":"customer","Type":"S"},{"Name":"order","Type":"N"}]},"Indexes":[{"Name":"ByStatus","IsGlobal":true,"KeySchema":{"PartitionKey":{"Name":"status","Type":"S"},"SortKey":{"Name":"placed","Type":"N"},"Attributes":[{"Name":"status","Type":"S"},{"Name":"placed","Type":"N"}]},"Projection":{"Type":"INCLUDE","NonKeyAttributes":["note"]},"Status":"CREATING","Backfilling":true,"ReadCapacityUnits":5,"WriteCapacityUnits":6},{"Name":"ByTotal","IsGlobal":false,"KeySchema":{"PartitionKey":{"Name":"customer","Type":"S"},"SortKey":{"Name":"total","Type":"N"},"Attributes":[{"Name":"customer","Type":"S"},{"Name":"total","Type":"N"}]},"Projection":{"Type":"KEYS_ONLY"},"Status":"ACTIVE","Backfilling":false,"ReadCapacityUnits":0,"WriteCapacityUnits":0}]}
        """;

    static readonly RetentionMark[] SampleMarks =
        [new(40, DateTimeOffset.Parse("2026-11-29T07:00:00Z")), new(300, DateTimeOffset.Parse("2026-11-30T07:00:00Z"))];

    static readonly HlcStamp SampleCollectedThrough = new(1_794_900_000_000, 3);

    /// <summary>What ps2 adds after ps1's bytes: two marks (sequence number, UTC ticks) and the collected-through stamp.</summary>
    const string Ps2Tail = "AiiAsO+T5rzT7wisAoCwluf41dPvCID6gcOeNAM=";

    /// <summary>ps1 as this code first wrote it; a snapshot saved today must still load after any change.</summary>
    const string Ps1Golden =
        "Bk9yZGVycwIXAQpjdXN0b21lciMxAgECqQH7vNnynjQHCWV1LXdlc3QtMgkBcwEGaMOpbGxvAW4CABCyDMchr2+2O+zM/Q8JT7b2AWIDAwAB/w" +
        "F0BAEBegUBbQYBBWlubmVyBwIBAXgCyAEBAQJzcwgCAWEBYgJucwkCAAEBBQEBAmJzCgIBAQICAwIJZXUtd2VzdC0y+7zZ8p40Bwl1cy1lYXN0" +
        "LTGYtNnynjQAAQlldS13ZXN0LTL7vNnynjQHAQlldS13ZXN0LTL7vNnynjQHAQlldS13ZXN0LTKBvNnynjQA5LzZ8p40AikQAQRnb25l+7zZ8p" +
        "40BwlldS13ZXN0LTICCWV1LXdlc3QtMvu82fKeNAcJdXMtZWFzdC0xmLTZ8p40AAIJZXUtd2VzdC0y+7zZ8p40Bwl1cy1lYXN0LTGYtNnynjQA" +
        "ACoB9gd7IlQiOiJPcmRlcnMiLCJQayI6IntcdTAwMjJTXHUwMDIyOlx1MDAyMmN1c3RvbWVyIzFcdTAwMjJ9IiwiU2siOiJ7XHUwMDIyTlx1MD" +
        "AyMjpcdTAwMjI0Mi41XHUwMDIyfSIsIlciOnsiSW1nIjoie1x1MDAyMnNcdTAwMjI6e1x1MDAyMlNcdTAwMjI6XHUwMDIyaFxcdTAwRTlsbG9c" +
        "dTAwMjJ9LFx1MDAyMm5cdTAwMjI6e1x1MDAyMk5cdTAwMjI6XHUwMDIyLTEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4XH" +
        "UwMDIyfSxcdTAwMjJiXHUwMDIyOntcdTAwMjJCXHUwMDIyOlx1MDAyMkFBSC9cdTAwMjJ9LFx1MDAyMnRcdTAwMjI6e1x1MDAyMkJPT0xcdTAw" +
        "MjI6dHJ1ZX0sXHUwMDIyelx1MDAyMjp7XHUwMDIyTlVMTFx1MDAyMjp0cnVlfSxcdTAwMjJtXHUwMDIyOntcdTAwMjJNXHUwMDIyOntcdTAwMj" +
        "Jpbm5lclx1MDAyMjp7XHUwMDIyTFx1MDAyMjpbe1x1MDAyMlNcdTAwMjI6XHUwMDIyeFx1MDAyMn0se1x1MDAyMk5cdTAwMjI6XHUwMDIyMTAw" +
        "MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMD" +
        "AwMDAwMDAwMDAwMDAwMDBcdTAwMjJ9XX19fSxcdTAwMjJzc1x1MDAyMjp7XHUwMDIyU1NcdTAwMjI6W1x1MDAyMmFcdTAwMjIsXHUwMDIyYlx1" +
        "MDAyMl19LFx1MDAyMm5zXHUwMDIyOntcdTAwMjJOU1x1MDAyMjpbXHUwMDIyMVx1MDAyMixcdTAwMjIwLjAwMVx1MDAyMl19LFx1MDAyMmJzXH" +
        "UwMDIyOntcdTAwMjJCU1x1MDAyMjpbXHUwMDIyQVE9PVx1MDAyMixcdTAwMjJBZ009XHUwMDIyXX19IiwiVnAiOjE3OTUwMDAwMDAxMjMsIlZs" +
        "Ijo3LCJWciI6ImV1LXdlc3QtMiIsIkMiOnsiZXUtd2VzdC0yIjpbMTc5NTAwMDAwMDEyMyw3XSwidXMtZWFzdC0xIjpbMTc5NDk5OTk5OTAwMC" +
        "wwXX19LCJMIjp7IlZwIjoxNzk1MDAwMDAwMTAwLCJWbCI6MCwiVnIiOiJ1cy1lYXN0LTEiLCJDIjp7fX0sIkluIjoiZXUtd2VzdC0yIiwiQXQi" +
        "OiIyMDI2LTExLTMwVDA3OjAwOjAwKzAwOjAwIn0BvTcEdHhwMd0DeyJJZCI6InR4MSIsIktleXMiOlt7IlBrIjoie1x1MDAyMlNcdTAwMjI6XH" +
        "UwMDIyY3VzdG9tZXIjMVx1MDAyMn0iLCJTayI6IntcdTAwMjJOXHUwMDIyOlx1MDAyMjQyLjVcdTAwMjJ9In1dLCJDaGFuZ2VzIjpbeyJTIjo3" +
        "MTAwLCJNIjoiaWMzIiwiQiI6Ikh3WlBjbVJsY25NQkNtTjFjM1J2YldWeUl6RUNBUUtwQWZ1ODJmS2VOQWNKWlhVdGQyVnpkQzB5Q1FGekFRWm" +
        "93NmxzYkc4QmJnSUFFTElNeHlHdmI3WTc3TXo5RHdsUHR2WUJZZ01EQUFIL0FYUUVBUUY2QlFGdEJnRUZhVzV1WlhJSEFnRUJlQUxJQVFFQkFu" +
        "TnpDQUlCWVFGaUFtNXpDUUlBQVFFRkFRRUNZbk1LQWdFQkFnSURBZ2xsZFMxM1pYTjBMVEw3dk5ueW5qUUhDWFZ6TFdWaGMzUXRNWmkwMmZLZU" +
        "5BQUJDV1YxTFhkbGMzUXRNdnU4MmZLZU5BY0paWFV0ZDJWemRDMHlBUWxsZFMxM1pYTjBMVEw3dk5ueW5qUUhBUWxsZFMxM1pYTjBMVEtCdk5u" +
        "eW5qUUE1THpaOHA0MEFnTT0ifV19";

    [Fact]
    public void Indexes_defined_are_written_as_ix1_byte_for_byte()
    {
        Assert.Equal("ix1", Serializer.Manifest(SampleIndexes));
        Assert.Equal(Ix1Golden, System.Text.Encoding.UTF8.GetString(Serializer.ToBinary(SampleIndexes)));
        var back = (IndexesDefined)Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(Ix1Golden), "ix1");
        Assert.True(back.Same(SampleIndexes));
        Assert.Equal(["note"], back.Indexes[0].Projection.NonKeyAttributes);
    }

    [Fact]
    public void A_partition_snapshot_is_written_as_ps3_byte_for_byte_with_its_retention_marks_and_indexes()
    {
        var snapshot = SampleSnapshot(SampleMarks, SampleCollectedThrough, SampleIndexes) with { IndexContents = [SampleContents] };
        Assert.Equal("ps3", Serializer.Manifest(snapshot));
        var bytes = Serializer.ToBinary(snapshot);
        var ix1 = System.Text.Encoding.UTF8.GetBytes(Ix1Golden);
        byte[] ps3Tail = [.. Length7Bit(ix1.Length), .. ix1, .. Convert.FromBase64String(Ps3EntriesGolden)];
        Assert.Equal(Convert.FromBase64String(Ps1Golden).Concat(Convert.FromBase64String(Ps2Tail)).Concat(ps3Tail), bytes);

        var back = (PartitionSnapshot)Serializer.FromBinary(bytes, "ps3");
        Assert.Equal(SampleMarks, back.Marks);
        Assert.Equal(SampleCollectedThrough, back.CollectedThrough);
        Assert.Equal(2, back.Items.Count);
        Assert.True(back.Indexes!.Same(SampleIndexes));
        var contents = Assert.Single(back.IndexContents!);
        Assert.Equal("ByStatus", contents.Name);
        Assert.Equal(SampleContents.Entries, contents.Entries);

        // A table without indexes writes an empty block.
        var bare = Serializer.ToBinary(SampleSnapshot(SampleMarks, SampleCollectedThrough));
        Assert.Equal(Convert.FromBase64String(Ps1Golden).Concat(Convert.FromBase64String(Ps2Tail)).Append((byte)0).Append((byte)0), bare);
        Assert.Null(((PartitionSnapshot)Serializer.FromBinary(bare, "ps3")).Indexes);
    }

    static byte[] Length7Bit(int length)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write7BitEncodedInt(length);
        w.Flush();
        return stream.ToArray();
    }

    [Fact]
    public void A_ps2_snapshot_saved_before_ps3_still_reads_back_with_its_marks()
    {
        var bytes = Convert.FromBase64String(Ps1Golden).Concat(Convert.FromBase64String(Ps2Tail)).ToArray();
        var back = (PartitionSnapshot)Serializer.FromBinary(bytes, "ps2");
        Assert.Equal(SampleMarks, back.Marks);
        Assert.Equal(SampleCollectedThrough, back.CollectedThrough);
        Assert.Equal(2, back.Items.Count);
        Assert.Null(back.Indexes);
    }

    [Fact]
    public void A_ps1_snapshot_saved_before_ps2_still_reads_back_whole()
    {
        var snapshot = SampleSnapshot();

        var back = (PartitionSnapshot)Serializer.FromBinary(Convert.FromBase64String(Ps1Golden), "ps1");
        Assert.Equal("Orders", back.Table);
        Assert.Empty(back.Marks);
        Assert.Equal(default, back.CollectedThrough);
        Assert.Equal(2, back.Items.Count);
        foreach (var ((key, expected), (backKey, actual)) in snapshot.Items.Zip(back.Items))
        {
            Assert.Equal(key, backKey);
            Assert.Equal(expected.Version, actual.Version);
            Assert.Equal(expected.Context, actual.Context);
            Assert.Equal(expected.WriteContext, actual.WriteContext);
            Assert.Equal(expected.DataLineage, actual.DataLineage);
            Assert.Equal(expected.Sequence, actual.Sequence);
            Assert.Equal(expected.SizeBytes, actual.SizeBytes);
            Assert.Equal(expected.Image is null ? null : AttributeValue.FromM(expected.Image), actual.Image is null ? null : AttributeValue.FromM(actual.Image));
        }
        var lost = Assert.Single(back.LostUpdates);
        Assert.Equal(snapshot.LostUpdates[0].Winner.Version, lost.Winner.Version);
        Assert.Equal(snapshot.LostUpdates[0].DetectedAt, lost.DetectedAt);
        var prepared = Assert.Single(back.Prepared);
        Assert.Equal("tx1", prepared.TransactionId);
        Assert.Equal(snapshot.Items[0].Key, Assert.Single(prepared.Keys));
        Assert.Equal(3, Assert.Single(prepared.Changes).PreviousSequence);
    }

    [Fact]
    public void The_coordinators_ledger_snapshot_is_txl1_and_reads_back_whole()
    {
        var serializer = new Region.Transactions.TransactionSerializer((ExtendedActorSystem)_system);
        Assert.Equal("txl1", Region.Transactions.TransactionSerializer.LedgerSnapshotManifest);
        var started = new Model.Transactions.TransactionStarted("tx1", "token", "hash", ["Orders@1/0", "Orders@1/3"], DateTimeOffset.Parse("2026-11-30T07:00:00Z"));
        var snapshot = new Model.Transactions.TransactionLedgerSnapshot(
            [new Model.Transactions.TransactionLedger.Open(started, true)],
            new Dictionary<string, Model.Transactions.TransactionLedger.CompletedToken> { ["done"] = new("hash2", DateTimeOffset.Parse("2026-11-30T06:59:00Z")) });
        Assert.Equal("txl1", serializer.Manifest(snapshot));
        var back = (Model.Transactions.TransactionLedgerSnapshot)serializer.FromBinary(serializer.ToBinary(snapshot), "txl1");
        var open = Assert.Single(back.Open);
        Assert.Equal(("tx1", "token", "hash", true), (open.Started.TransactionId, open.Started.Token, open.Started.RequestHash, open.Commit));
        Assert.Equal(started.Participants, open.Started.Participants);
        Assert.Equal(started.At, open.Started.At);
        Assert.Equal(snapshot.Tokens["done"], back.Tokens["done"]);
    }

    [Fact]
    public void An_ic3_change_that_carries_its_prior_image_reads_back_and_older_rows_carry_none()
    {
        var prior = new PriorImage(EveryType(), new Version(new HlcStamp(1_794_999_999_000, 2), "us-east-1"));
        var change = SampleChange(EveryType()) with { Prior = prior };
        var plain = Serializer.ToBinary(change with { Prior = null });
        var bytes = Serializer.ToBinary(change);
        // The prior image goes after everything an ic3 row without one holds.
        Assert.Equal(plain[1..], bytes[1..plain.Length]);
        var back = (ItemChanged)Serializer.FromBinary(bytes, "ic3");
        Assert.Equal(prior.Version, back.Prior!.Version);
        Assert.Equal(AttributeValue.FromM(prior.Image!), AttributeValue.FromM(back.Prior.Image!));
        var deletedBefore = (ItemChanged)Serializer.FromBinary(Serializer.ToBinary(change with { Prior = prior with { Image = null } }), "ic3");
        Assert.Null(deletedBefore.Prior!.Image);
        Assert.Equal(prior.Version, deletedBefore.Prior.Version);
        Assert.Null(((ItemChanged)Serializer.FromBinary(plain, "ic3")).Prior);
    }

    /// <summary>A time to live delete as ic3 writes it: a tombstone with bit 128 set and its attribute at the very end.</summary>
    const string Ic3TimeToLiveDeleteGolden = "nQZPcmRlcnMBCmN1c3RvbWVyIzECAQKpAfu82fKeNAcJZXUtd2VzdC0yAglldS13ZXN0LTL7vNnynjQHCXVzLWVhc3QtMZi02fKeNAABCWV1LXdlc3QtMvu82fKeNAcJZXUtd2VzdC0yAQlldS13ZXN0LTL7vNnynjQHAQlldS13ZXN0LTKBvNnynjQA5LzZ8p40AikHZXhwaXJlcw==";

    [Fact]
    public void A_time_to_live_delete_is_ic3_byte_for_byte_with_its_attribute_last_and_older_rows_read_as_none()
    {
        var plain = SampleChange(null) with { PreviousSequence = 41 };
        var delete = plain with { TimeToLiveAttribute = "expires" };
        var bytes = Serializer.ToBinary(delete);
        Assert.Equal(Ic3TimeToLiveDeleteGolden, Convert.ToBase64String(bytes));
        // Everything but the flag byte is a plain tombstone's row, followed by the attribute.
        var plainBytes = Serializer.ToBinary(plain);
        Assert.Equal(plainBytes[0] | 128, bytes[0]);
        Assert.Equal(plainBytes[1..], bytes[1..plainBytes.Length]);

        var back = (ItemChanged)Serializer.FromBinary(bytes, "ic3");
        AssertSameHead(delete, back);
        Assert.Equal("expires", back.TimeToLiveAttribute);
        Assert.Equal(41, back.PreviousSequence);
        Assert.Null(((ItemChanged)Serializer.FromBinary(plainBytes, "ic3")).TimeToLiveAttribute);

        // A snapshot keeps the mark on the tombstone, as a fill's dump does.
        var snapshot = SampleSnapshot() with { Items = [KeyValuePair.Create(delete.Key, StoredItem.Of(delete, 42))] };
        var item = Assert.Single(((PartitionSnapshot)Serializer.FromBinary(Serializer.ToBinary(snapshot), "ps3")).Items).Value;
        Assert.Equal("expires", item.TimeToLiveAttribute);
        Assert.Equal(42, item.Sequence);
        Assert.True(item.IsTombstone);
    }

    [Fact]
    public void A_tombstone_and_a_lost_update_round_trip()
    {
        var tombstone = SampleChange(null);
        var back = (ItemChanged)Serializer.FromBinary(Serializer.ToBinary(tombstone), GlobalTablesSerializer.ItemChangedManifest);
        Assert.Null(back.NewImage);

        var lost = new LostUpdate("Orders", tombstone.Key,
            new WriteRecord(EveryType(), tombstone.Version, tombstone.Context),
            new WriteRecord(null, new Version(new HlcStamp(1_795_000_000_100, 0), "us-east-1"), VersionVector.Empty),
            "ap-southeast-1", DateTimeOffset.Parse("2026-11-26T07:00:00Z"));
        var lostBack = (LostUpdate)Serializer.FromBinary(Serializer.ToBinary(lost), GlobalTablesSerializer.LostUpdateManifest);
        Assert.Equal(lost.Winner.Version, lostBack.Winner.Version);
        Assert.Equal(lost.Loser.Version, lostBack.Loser.Version);
        Assert.Null(lostBack.Loser.Image);
        Assert.Equal(EveryType()["m"], lostBack.Winner.Image!["m"]);
        Assert.Equal("ap-southeast-1", lostBack.DetectedIn);
        Assert.Equal(lost.DetectedAt, lostBack.DetectedAt);
    }

    [Fact]
    public void A_replicate_batch_round_trips_on_the_wire_change_for_change()
    {
        var key = new ItemKey(AttributeValue.FromS("solo"), null);
        var batch = new Region.Replication.ReplicateBatch("eu-west-2", "Orders@0123abcd", "Orders",
            [SampleChange(EveryType()), SampleChange(null), SampleChange(EveryType()) with { Key = key, WriteContext = null, ReplicatedFrom = null, Lineage = null }],
            UpTo: new Dictionary<int, long> { [0] = 1234, [15] = 7 }, FillProgress: (10, 20), CaughtUpTicks: 639_316_000_000_000_000);

        Assert.Equal("rb4", Serializer.Manifest(batch));
        var back = (Region.Replication.ReplicateBatch)Serializer.FromBinary(Serializer.ToBinary(batch), Serializer.Manifest(batch));

        Assert.Equal((batch.SourceRegion, batch.SourceTag, batch.Table, batch.FillProgress, batch.CaughtUpTicks),
            (back.SourceRegion, back.SourceTag, back.Table, back.FillProgress, back.CaughtUpTicks));
        Assert.Equal(batch.UpTo!.OrderBy(u => u.Key), back.UpTo!.OrderBy(u => u.Key));
        // Each change comes back exactly: its journal form, which holds every field, is the same bytes.
        Assert.Equal(batch.Changes.Select(c => Convert.ToBase64String(Serializer.ToBinary(c))), back.Changes.Select(c => Convert.ToBase64String(Serializer.ToBinary(c))));
        var bare = (Region.Replication.ReplicateBatch)Serializer.FromBinary(
            Serializer.ToBinary(batch with { Changes = [], UpTo = null, FillProgress = null, CaughtUpTicks = null }), "rb4");
        Assert.Empty(bare.Changes);
        Assert.Null(bare.UpTo);
        Assert.Null(bare.FillProgress);
        Assert.Null(bare.CaughtUpTicks);
    }

    [Fact]
    public void Replication_offsets_carry_each_partition_and_the_caught_up_time()
    {
        var offsets = new Region.Replication.ReplicationOffsets(new Dictionary<int, long> { [3] = 42, [7] = 9 }, 639_316_000_000_000_000);
        Assert.Equal("ro2", Serializer.Manifest(offsets));
        var back = (Region.Replication.ReplicationOffsets)Serializer.FromBinary(Serializer.ToBinary(offsets), "ro2");
        Assert.Equal(offsets.Partitions.OrderBy(p => p.Key), back.Partitions.OrderBy(p => p.Key));
        Assert.Equal(offsets.CaughtUpTicks, back.CaughtUpTicks);
        var ask = new Region.Replication.GetReplicationOffsets("us-east-1", "Orders@0123abcd");
        Assert.Equal(ask, Serializer.FromBinary(Serializer.ToBinary(ask), Serializer.Manifest(ask)));
    }

    [Fact]
    public void A_region_tells_its_nodes_addresses()
    {
        var ask = Region.Replication.GetRegionMembers.Instance;
        Assert.Equal("gm1", Serializer.Manifest(ask));
        Assert.Same(ask, Serializer.FromBinary(Serializer.ToBinary(ask), "gm1"));
        var members = new Region.Replication.RegionMembers(["akka.tcp://region-us-east-1@127.0.0.1:9001", "akka.tcp://region-us-east-1@127.0.0.1:9011"]);
        Assert.Equal("rm1", Serializer.Manifest(members));
        var back = (Region.Replication.RegionMembers)Serializer.FromBinary(Serializer.ToBinary(members), "rm1");
        Assert.Equal(members.Addresses, back.Addresses);
        // The form other versions read: the addresses as a JSON array.
        Assert.Equal("""{"Addresses":["akka.tcp://region-us-east-1@127.0.0.1:9001","akka.tcp://region-us-east-1@127.0.0.1:9011"]}""",
            System.Text.Encoding.UTF8.GetString(Serializer.ToBinary(members)));
    }

    [Fact]
    public void A_table_definition_round_trips_with_its_replicas()
    {
        var table = new TableDefinition("Orders", Guid.NewGuid().ToString(),
            new KeySchema(new KeyAttribute("pk", AttributeType.S), new KeyAttribute("sk", AttributeType.N)),
            [new KeyAttribute("pk", AttributeType.S), new KeyAttribute("sk", AttributeType.N)],
            BillingMode.PROVISIONED, 5, 7, 16, TableStatus.ACTIVE, DateTimeOffset.Parse("2026-11-26T07:00:00Z"),
            Replicas: [new ReplicaInfo("us-east-1", ReplicaStatus.ACTIVE), new ReplicaInfo("eu-west-2", ReplicaStatus.CREATING, 40)],
            StreamViewType: "NEW_AND_OLD_IMAGES");
        var back = ((TableDefined)Serializer.FromBinary(Serializer.ToBinary(new TableDefined(table)), GlobalTablesSerializer.TableDefinedManifest)).Table;
        Assert.Equal(table.KeySchema, back.KeySchema);
        Assert.Equal(table.Replicas, back.Replicas);
        Assert.Equal(table with { Replicas = null, AttributeDefinitions = [] }, back with { Replicas = null, AttributeDefinitions = [] });
    }

    [Fact]
    public void The_replica_life_cycles_catalog_commands_cross_regions_as_cc1()
    {
        foreach (object command in new object[]
        {
            new ReplicaInstalled("Orders"), new ReplicaFilled("Orders", "eu-west-2"), new ReplicaFilledNoted("Orders", "us-east-1"),
        })
        {
            Assert.Equal("cc1", Serializer.Manifest(command));
            Assert.Equal(command, Serializer.FromBinary(Serializer.ToBinary(command), "cc1"));
        }
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
