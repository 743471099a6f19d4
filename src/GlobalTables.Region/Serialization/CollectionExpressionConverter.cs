using System.Collections;
using Newtonsoft.Json;

namespace GlobalTables.Region.Serialization;

/// <summary>
/// Writes the lists the C# compiler makes for a collection expression (<c>[a, b]</c> given as an IReadOnlyList) as plain
/// JSON arrays. Akka's Newtonsoft serializer carries a message between the nodes of a region (docs/cluster.md) with the
/// name of every object's type, and cannot make one of these again: it has no constructor to call. A plain array is read
/// back as a List of the declared element type.
/// </summary>
public sealed class CollectionExpressionConverter : JsonConverter
{
    public override bool CanRead => false;

    public override bool CanConvert(Type objectType) => objectType.Name.StartsWith("<>z__", StringComparison.Ordinal);

    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
    {
        writer.WriteStartArray();
        foreach (var item in (IEnumerable)value!) serializer.Serialize(writer, item);
        writer.WriteEndArray();
    }

    public override object ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
        throw new NotSupportedException("Read as the declared list type");
}
