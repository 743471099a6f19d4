using System.Text.Json;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Serialization;

/// <summary>
/// The reader of the nested-JSON form of <see cref="ItemChanged"/> (ic2), which journals still hold; ic3 replaced it.
/// </summary>
public sealed partial class GlobalTablesSerializer
{
    static ItemChanged ReadItemChangedJson(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        return ReadChange(document.RootElement);
    }

    static ItemChanged ReadChange(JsonElement c) => new(
        c.GetProperty("T").GetString()!,
        new ItemKey(AttributeValueJson.Read(c.GetProperty("Pk")), c.TryGetProperty("Sk", out var sortKey) ? AttributeValueJson.Read(sortKey) : null),
        c.TryGetProperty("Img", out var image) ? AttributeValueJson.ReadItem(image) : null,
        new Version(new HlcStamp(c.GetProperty("Vp").GetInt64(), c.GetProperty("Vl").GetInt32()), c.GetProperty("Vr").GetString()!),
        ReadVector(c.GetProperty("C")),
        c.TryGetProperty("Wc", out var writeContext) ? ReadVector(writeContext) : null,
        c.TryGetProperty("Src", out var source) ? source.GetString() : null,
        c.TryGetProperty("Ln", out var lineage) ? lineage.Deserialize<LineageDto>(Json)!.ToLineage() : null,
        c.TryGetProperty("Ps", out var previous) ? previous.GetInt64() : 0);

    static VersionVector ReadVector(JsonElement vector) => VersionVector.From(vector.EnumerateObject()
        .Select(p => KeyValuePair.Create(p.Name, new HlcStamp(p.Value[0].GetInt64(), p.Value[1].GetInt32()))));
}
