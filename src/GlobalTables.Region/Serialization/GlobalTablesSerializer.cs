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

namespace GlobalTables.Region.Serialization;

/// <summary>
/// Every persisted event in System.Text.Json with a frozen string manifest, so that renaming a
/// class never breaks replay. Manifests are append-only.
/// </summary>
public sealed class GlobalTablesSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7100;
    public const string ItemChangedManifest = "ic1";
    public const string TableDefinedManifest = "td1";
    public const string TableRemovedManifest = "tr1";

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
        _ => throw new ArgumentException($"No manifest for {o.GetType()}"),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        ItemChanged e => JsonSerializer.SerializeToUtf8Bytes(ItemChangedDto.From(e), Json),
        TableDefined e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        TableRemoved e => JsonSerializer.SerializeToUtf8Bytes(e, Json),
        _ => throw new ArgumentException($"Cannot serialize {obj.GetType()}"),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        ItemChangedManifest => JsonSerializer.Deserialize<ItemChangedDto>(bytes, Json)!.ToEvent(),
        TableDefinedManifest => JsonSerializer.Deserialize<TableDefined>(bytes, Json)!,
        TableRemovedManifest => JsonSerializer.Deserialize<TableRemoved>(bytes, Json)!,
        _ => throw new System.Runtime.Serialization.SerializationException($"Unknown manifest {manifest}"),
    };

    sealed record ItemChangedDto(
        string T, string Pk, string? Sk, string? Img, long Vp, int Vl, string Vr, Dictionary<string, long[]> C)
    {
        public static ItemChangedDto From(ItemChanged e) => new(
            e.Table,
            AttributeValueJson.Serialize(e.Key.PartitionKey),
            e.Key.SortKey is null ? null : AttributeValueJson.Serialize(e.Key.SortKey),
            e.NewImage is null ? null : AttributeValueJson.SerializeItem(e.NewImage),
            e.Version.Stamp.PhysicalMs, e.Version.Stamp.Logical, e.Version.Region,
            e.Context.Entries.ToDictionary(kv => kv.Key, kv => new[] { kv.Value.PhysicalMs, kv.Value.Logical }));

        public ItemChanged ToEvent() => new(
            T,
            new ItemKey(ReadValue(Pk), Sk is null ? null : ReadValue(Sk)),
            Img is null ? null : AttributeValueJson.DeserializeItem(Img),
            new Version(new HlcStamp(Vp, Vl), Vr),
            VersionVector.From(C.Select(kv => KeyValuePair.Create(kv.Key, new HlcStamp(kv.Value[0], (int)kv.Value[1])))));

        static AttributeValue ReadValue(string json)
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
            return AttributeValueJson.Read(doc.RootElement);
        }
    }
}
