using GlobalTables.Model.Attributes;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using Newtonsoft.Json;

namespace GlobalTables.Region.Serialization;

/// <summary>
/// The model's values that Akka's Newtonsoft serializer cannot see through, inside a message between the nodes of a
/// region (docs/cluster.md): an attribute value or a number as DynamoDB's JSON, a change in the journal's binary form, a
/// version vector as its entries. Each is one string, so the message around it needs no serializer of its own.
/// </summary>
public sealed class ModelValueConverter : JsonConverter
{
    public override bool CanConvert(Type objectType) =>
        objectType == typeof(AttributeValue) || objectType == typeof(DynamoNumber) || objectType == typeof(ItemChanged) || objectType == typeof(VersionVector);

    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) => writer.WriteValue(value switch
    {
        AttributeValue v => AttributeValueJson.Serialize(v),
        DynamoNumber n => n.ToString(),
        ItemChanged c => Convert.ToBase64String(GlobalTablesSerializer.EncodeChange(c)),
        VersionVector v => string.Join(",", v.Entries.Select(e => $"{e.Key}:{e.Value.PhysicalMs}:{e.Value.Logical}")),
        _ => null,
    });

    public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
    {
        if (reader.Value is not string text) return null;
        if (objectType == typeof(DynamoNumber)) return DynamoNumber.Parse(text);
        if (objectType == typeof(ItemChanged)) return GlobalTablesSerializer.DecodeChange(Convert.FromBase64String(text));
        if (objectType == typeof(VersionVector))
            return VersionVector.From(text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(e =>
            {
                // A region name holds no colon; the stamp's two numbers follow it.
                var parts = e.Split(':');
                return KeyValuePair.Create(parts[0], new HlcStamp(long.Parse(parts[1]), int.Parse(parts[2])));
            }));
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        return AttributeValueJson.Read(doc.RootElement);
    }
}
