using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Region.Catalog;
using GlobalTables.Region.Partitions;
using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Serialization;

/// <summary>
/// Every persisted event in System.Text.Json with a frozen string manifest, so that renaming a
/// class never breaks replay. Manifests are append-only.
/// </summary>
public sealed partial class GlobalTablesSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7100;
    /// <summary>ItemChanged with keys and images as JSON strings inside JSON; still read, no longer written.</summary>
    public const string ItemChangedV1Manifest = "ic1";
    /// <summary>ItemChanged with keys and images as nested JSON; still read, no longer written.</summary>
    public const string ItemChangedV2Manifest = "ic2";
    /// <summary>ItemChanged in binary, the form replication batches carry (rb4).</summary>
    public const string ItemChangedManifest = "ic3";
    public const string TableDefinedManifest = "td1";
    public const string TableRemovedManifest = "tr1";
    /// <summary>The catalog's backups, as JSON (docs/backups.md).</summary>
    public const string BackupDefinedManifest = "bd1";
    public const string BackupRemovedManifest = "br1";
    public const string LostUpdateManifest = "lu1";
    /// <summary>
    /// A replicate batch, positions per source partition (rb1 to rb3, by journal ordering, are no longer read: a node that
    /// sends them keeps its positions in a form this one cannot resume from). Only on the wire, never stored.
    /// </summary>
    public const string ReplicateBatchManifest = "rb4";
    public const string BatchAppliedManifest = "ba2";
    public const string GetReplicationOffsetsManifest = "go2";
    public const string ReplicationOffsetsManifest = "ro2";
    public const string CatalogCommandManifest = "cc1";
    public const string PeerReachableManifest = "pr1";
    /// <summary>A source's link asks a destination region's node for the region's nodes (docs/replication.md), and the answer.</summary>
    public const string GetRegionMembersManifest = "gm1";
    public const string RegionMembersManifest = "rm1";
    /// <summary>A partition's snapshot, in the snapshot store.</summary>
    public const string PartitionSnapshotV1Manifest = "ps1";
    /// <summary>ps1 followed by the retention marks and the highest tombstone collected.</summary>
    public const string PartitionSnapshotV2Manifest = "ps2";
    /// <summary>ps2 followed by the secondary indexes as last defined.</summary>
    public const string PartitionSnapshotManifest = "ps3";
    /// <summary>A partition's secondary indexes, as JSON.</summary>
    public const string IndexesDefinedManifest = "ix1";
    /// <summary>A node's subscription to the catalog of its region, and the catalog's tables sent to it.</summary>
    public const string SubscribeDirectoryManifest = "sd1";
    public const string DirectoryChangedManifest = "dc1";
    /// <summary>A refusal a partition or the catalog sends to an asker on another node: DynamoDB's error code, message and item.</summary>
    public const string FailureManifest = "sf1";
    /// <summary>A partition's items, for a replica fill or a digest asked from another node of the region.</summary>
    public const string ItemsDumpedManifest = "id1";
    /// <summary>One item read for an asker on another node, its image still encoded (base64 in JSON).</summary>
    public const string ItemReadManifest = "ir1";

    static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        ItemChanged => ItemChangedManifest,
        TableDefined => TableDefinedManifest,
        TableRemoved => TableRemovedManifest,
        BackupDefined => BackupDefinedManifest,
        BackupRemoved => BackupRemovedManifest,
        LostUpdate => LostUpdateManifest,
        ReplicateBatch => ReplicateBatchManifest,
        BatchApplied => BatchAppliedManifest,
        GetReplicationOffsets => GetReplicationOffsetsManifest,
        ReplicationOffsets => ReplicationOffsetsManifest,
        ICatalogCommand => CatalogCommandManifest,
        PeerReachable => PeerReachableManifest,
        GetRegionMembers => GetRegionMembersManifest,
        RegionMembers => RegionMembersManifest,
        PartitionSnapshot => PartitionSnapshotManifest,
        IndexesDefined => IndexesDefinedManifest,
        SubscribeDirectory => SubscribeDirectoryManifest,
        DirectoryChanged => DirectoryChangedManifest,
        Status.Failure => FailureManifest,
        ItemsDumped => ItemsDumpedManifest,
        ItemRead => ItemReadManifest,
        _ => throw new ArgumentException($"No manifest for {o.GetType()}"),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        ItemChanged e => WriteItemChanged(e),
        TableDefined e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        TableRemoved e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        BackupDefined e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        BackupRemoved e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        LostUpdate e => JsonSerializer.SerializeToUtf8Bytes(LostUpdateDto.From(e), Json),
        ReplicateBatch e => WriteReplicateBatch(e),
        BatchApplied e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        GetReplicationOffsets e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        ReplicationOffsets e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        PeerReachable e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        GetRegionMembers => [],
        RegionMembers e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        PartitionSnapshot e => WritePartitionSnapshot(e),
        IndexesDefined e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        SubscribeDirectory => [],
        DirectoryChanged e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        Status.Failure f => JsonSerializer.SerializeToUtf8Bytes(FailureDto.From(f.Cause), Json),
        ItemsDumped e => WriteItemsDumped(e),
        ItemRead e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        ICatalogCommand e => JsonSerializer.SerializeToUtf8Bytes(new CatalogCommandDto(e.GetType().Name, JsonSerializer.SerializeToElement(e, e.GetType(), Json)), Json),
        _ => throw new ArgumentException($"Cannot serialize {obj.GetType()}"),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        ItemChangedManifest => ReadItemChanged(bytes),
        ItemChangedV2Manifest => ReadItemChangedJson(bytes),
        ItemChangedV1Manifest => JsonSerializer.Deserialize<ItemChangedDto>(bytes, Json)!.ToEvent(),
        TableDefinedManifest => JsonSerializer.Deserialize<TableDefined>(bytes, Json)!,
        TableRemovedManifest => JsonSerializer.Deserialize<TableRemoved>(bytes, Json)!,
        BackupDefinedManifest => JsonSerializer.Deserialize<BackupDefined>(bytes, Json)!,
        BackupRemovedManifest => JsonSerializer.Deserialize<BackupRemoved>(bytes, Json)!,
        LostUpdateManifest => JsonSerializer.Deserialize<LostUpdateDto>(bytes, Json)!.ToLostUpdate(),
        ReplicateBatchManifest => ReadReplicateBatch(bytes),
        BatchAppliedManifest => JsonSerializer.Deserialize<BatchApplied>(bytes, Json)!,
        GetReplicationOffsetsManifest => JsonSerializer.Deserialize<GetReplicationOffsets>(bytes, Json)!,
        ReplicationOffsetsManifest => JsonSerializer.Deserialize<ReplicationOffsets>(bytes, Json)!,
        PeerReachableManifest => JsonSerializer.Deserialize<PeerReachable>(bytes, Json)!,
        GetRegionMembersManifest => GetRegionMembers.Instance,
        RegionMembersManifest => JsonSerializer.Deserialize<RegionMembers>(bytes, Json)!,
        CatalogCommandManifest => JsonSerializer.Deserialize<CatalogCommandDto>(bytes, Json)!.ToCommand(),
        PartitionSnapshotV1Manifest => ReadPartitionSnapshot(bytes, SnapshotParts.Items),
        PartitionSnapshotV2Manifest => ReadPartitionSnapshot(bytes, SnapshotParts.Retention),
        PartitionSnapshotManifest => ReadPartitionSnapshot(bytes, SnapshotParts.Indexes),
        IndexesDefinedManifest => JsonSerializer.Deserialize<IndexesDefined>(bytes, Json)!,
        SubscribeDirectoryManifest => SubscribeDirectory.Instance,
        DirectoryChangedManifest => JsonSerializer.Deserialize<DirectoryChanged>(bytes, Json)!,
        ItemsDumpedManifest => ReadItemsDumped(bytes),
        ItemReadManifest => JsonSerializer.Deserialize<ItemRead>(bytes, Json)!,
        FailureManifest => new Status.Failure(JsonSerializer.Deserialize<FailureDto>(bytes, Json)!.ToException()),
        _ => throw new System.Runtime.Serialization.SerializationException($"Unknown manifest {manifest}"),
    };

    static Dictionary<string, long[]> Vector(VersionVector v) =>
        v.Entries.ToDictionary(kv => kv.Key, kv => new[] { kv.Value.PhysicalMs, kv.Value.Logical });

    static VersionVector Vector(Dictionary<string, long[]> d) =>
        VersionVector.From(d.Select(kv => KeyValuePair.Create(kv.Key, new HlcStamp(kv.Value[0], (int)kv.Value[1]))));

    /// <summary>A lineage: its base vector, and holes as [region, after ms, after logical, up-to ms, up-to logical].</summary>
    sealed record LineageDto(Dictionary<string, long[]> B, List<object[]>? H)
    {
        public static LineageDto? From(Lineage? l) => l is null ? null : new(Vector(l.Base),
            l.Holes.IsEmpty ? null : l.Holes.Select(h => new object[] { h.Region, h.After.PhysicalMs, h.After.Logical, h.UpTo.PhysicalMs, h.UpTo.Logical }).ToList());

        public Lineage ToLineage() => new(Vector(B), (H ?? []).Select(h =>
        {
            var e = h.Cast<JsonElement>().ToArray();
            return new Lineage.Hole(e[0].GetString()!, new HlcStamp(e[1].GetInt64(), e[2].GetInt32()), new HlcStamp(e[3].GetInt64(), e[4].GetInt32()));
        }).ToImmutableList());
    }

    sealed record WriteRecordDto(string? Img, long Vp, int Vl, string Vr, Dictionary<string, long[]> C, LineageDto? Ln = null)
    {
        public static WriteRecordDto From(WriteRecord w) => new(
            w.Image is null ? null : AttributeValueJson.SerializeItem(w.Image), w.Version.Stamp.PhysicalMs, w.Version.Stamp.Logical, w.Version.Region, Vector(w.Context),
            LineageDto.From(w.Lineage));

        public WriteRecord ToRecord() => new(Img is null ? null : AttributeValueJson.DeserializeItem(Img), new Version(new HlcStamp(Vp, Vl), Vr), Vector(C),
            Ln?.ToLineage());
    }

    sealed record LostUpdateDto(string T, string Pk, string? Sk, WriteRecordDto W, WriteRecordDto L, string In, DateTimeOffset At)
    {
        public static LostUpdateDto From(LostUpdate e) => new(e.Table,
            AttributeValueJson.Serialize(e.Key.PartitionKey), e.Key.SortKey is null ? null : AttributeValueJson.Serialize(e.Key.SortKey),
            WriteRecordDto.From(e.Winner), WriteRecordDto.From(e.Loser), e.DetectedIn, e.DetectedAt);

        public LostUpdate ToLostUpdate() => new(T,
            new ItemKey(ItemChangedDto.ReadValue(Pk), Sk is null ? null : ItemChangedDto.ReadValue(Sk)),
            W.ToRecord(), L.ToRecord(), In, At);
    }

    /// <summary>
    /// Akka's own form of a failure needs a constructor that DynamoException does not have, and would arrive with no
    /// cause. Any other exception arrives as DynamoDB's 500 with its message.
    /// </summary>
    sealed record FailureDto(Model.Validation.ErrorCode Code, string Message, string? Item)
    {
        public static FailureDto From(Exception? cause) => cause is Model.Validation.DynamoException e
            ? new(e.Code, e.Message, e.Item is null ? null : AttributeValueJson.SerializeItem(e.Item))
            : new(Model.Validation.ErrorCode.InternalServerError, cause?.Message ?? "Internal server error", null);

        public Model.Validation.DynamoException ToException() =>
            new(Code, Message) { Item = Item is null ? null : AttributeValueJson.DeserializeItem(Item) };
    }

    sealed record CatalogCommandDto(string Type, JsonElement Body)
    {
        public object ToCommand() => Type switch
        {
            nameof(InstallReplica) => Body.Deserialize<InstallReplica>(Json)!,
            nameof(ReplicaInstalled) => Body.Deserialize<ReplicaInstalled>(Json)!,
            nameof(ReplicaFilled) => Body.Deserialize<ReplicaFilled>(Json)!,
            nameof(ReplicaFilledNoted) => Body.Deserialize<ReplicaFilledNoted>(Json)!,
            nameof(ReplicasChanged) => Body.Deserialize<ReplicasChanged>(Json)!,
            nameof(ReplicaStatusReported) => Body.Deserialize<ReplicaStatusReported>(Json)!,
            nameof(ReplicaFillProgress) => Body.Deserialize<ReplicaFillProgress>(Json)!,
            nameof(ReplicaSettingsChanged) => Body.Deserialize<ReplicaSettingsChanged>(Json)!,
            nameof(DropReplica) => Body.Deserialize<DropReplica>(Json)!,
            nameof(ReplicaIndexesChanged) => Body.Deserialize<ReplicaIndexesChanged>(Json)!,
            _ => throw new System.Runtime.Serialization.SerializationException($"Unknown catalog command {Type}"),
        };
    }

    sealed record ItemChangedDto(
        string T, string Pk, string? Sk, string? Img, long Vp, int Vl, string Vr, Dictionary<string, long[]> C,
        Dictionary<string, long[]>? Wc = null, string? Src = null, LineageDto? Ln = null)
    {
        public ItemChanged ToEvent() => new(
            T,
            new ItemKey(ReadValue(Pk), Sk is null ? null : ReadValue(Sk)),
            Img is null ? null : AttributeValueJson.DeserializeItem(Img),
            new Version(new HlcStamp(Vp, Vl), Vr),
            Vector(C), Wc is null ? null : Vector(Wc), Src, Ln?.ToLineage());

        public static AttributeValue ReadValue(string json)
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
            return AttributeValueJson.Read(doc.RootElement);
        }
    }
}
