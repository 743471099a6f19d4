using System.Buffers;
using System.Text.Json;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Serialization;

/// <summary>
/// The wire form of <see cref="ReplicateBatch"/> (manifest rb2) and the journal form of <see cref="ItemChanged"/>
/// (ic2), written and read by hand: keys and images are nested JSON objects, not JSON strings inside JSON as in
/// ic1, so a change is neither escaped on the way out nor parsed twice on the way in.
/// </summary>
public sealed partial class GlobalTablesSerializer
{
    static byte[] WriteReplicateBatch(ReplicateBatch batch)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("s", batch.SourceRegion);
            w.WriteString("g", batch.SourceTag);
            w.WriteString("t", batch.Table);
            if (batch.UpToOrdering is { } upTo) w.WriteNumber("u", upTo);
            w.WriteNumber("tg", batch.TargetOrdering);
            if (batch.FillProgress is { } fill)
            {
                w.WriteNumber("fs", fill.Sent);
                w.WriteNumber("ft", fill.Total);
            }
            w.WriteStartArray("c");
            foreach (var change in batch.Changes) WriteChange(w, change);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    static byte[] WriteItemChanged(ItemChanged change)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer)) WriteChange(w, change);
        return buffer.WrittenSpan.ToArray();
    }

    static ItemChanged ReadItemChanged(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        return ReadChange(document.RootElement);
    }

    static void WriteChange(Utf8JsonWriter w, ItemChanged e)
    {
        w.WriteStartObject();
        w.WriteString("T", e.Table);
        w.WritePropertyName("Pk");
        AttributeValueJson.Write(w, e.Key.PartitionKey);
        if (e.Key.SortKey is { } sortKey)
        {
            w.WritePropertyName("Sk");
            AttributeValueJson.Write(w, sortKey);
        }
        if (e.NewImage is { } image)
        {
            w.WritePropertyName("Img");
            AttributeValueJson.WriteItem(w, image);
        }
        w.WriteNumber("Vp", e.Version.Stamp.PhysicalMs);
        w.WriteNumber("Vl", e.Version.Stamp.Logical);
        w.WriteString("Vr", e.Version.Region);
        w.WritePropertyName("C");
        WriteVector(w, e.Context);
        if (e.WriteContext is { } writeContext)
        {
            w.WritePropertyName("Wc");
            WriteVector(w, writeContext);
        }
        if (e.ReplicatedFrom is { } source) w.WriteString("Src", source);
        if (LineageDto.From(e.Lineage) is { } lineage)
        {
            w.WritePropertyName("Ln");
            JsonSerializer.Serialize(w, lineage, Json);
        }
        if (e.PreviousSequence != 0) w.WriteNumber("Ps", e.PreviousSequence);
        w.WriteEndObject();
    }

    /// <summary>As the journal's vectors: region to [physical ms, logical].</summary>
    static void WriteVector(Utf8JsonWriter w, VersionVector vector)
    {
        w.WriteStartObject();
        foreach (var (region, stamp) in vector.Entries)
        {
            w.WriteStartArray(region);
            w.WriteNumberValue(stamp.PhysicalMs);
            w.WriteNumberValue(stamp.Logical);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static ReplicateBatch ReadReplicateBatch(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        var items = root.GetProperty("c");
        var changes = new List<ItemChanged>(items.GetArrayLength());
        foreach (var change in items.EnumerateArray()) changes.Add(ReadChange(change));
        long? upTo = root.TryGetProperty("u", out var u) ? u.GetInt64() : null;
        (long, long)? fill = root.TryGetProperty("fs", out var sent) ? (sent.GetInt64(), root.GetProperty("ft").GetInt64()) : null;
        return new ReplicateBatch(root.GetProperty("s").GetString()!, root.GetProperty("g").GetString()!, root.GetProperty("t").GetString()!,
            changes, upTo, root.GetProperty("tg").GetInt64(), fill);
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
