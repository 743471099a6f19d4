using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using Newtonsoft.Json;

namespace GlobalTables.Region.Serialization;

/// <summary>
/// Carries a parsed expression inside a message between the nodes of a region (docs/cluster.md): the parsed tree holds
/// no constructor Newtonsoft could call, so a condition, filter, update or projection goes as its
/// <see cref="ExpressionSource"/> (its text with the request's names and values, or its legacy parameters) and is parsed
/// again on the owning node; a key condition, already settled against the key schema, goes as its conditions.
/// </summary>
public sealed class ExpressionConverter : JsonConverter
{
    public override bool CanConvert(Type objectType) =>
        objectType == typeof(ConditionExpression) || objectType == typeof(UpdateExpression)
        || objectType == typeof(ProjectionExpression) || objectType == typeof(KeyConditionExpression);

    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
    {
        switch (value)
        {
            case ConditionExpression c: serializer.Serialize(writer, c.Source, typeof(ExpressionSource)); break;
            case UpdateExpression u: serializer.Serialize(writer, u.Source, typeof(ExpressionSource)); break;
            case ProjectionExpression p: serializer.Serialize(writer, p.Source, typeof(ExpressionSource)); break;
            case KeyConditionExpression k: serializer.Serialize(writer, KeyConditionParts.From(k)); break;
            default: writer.WriteNull(); break;
        }
    }

    public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
    {
        if (reader.TokenType == JsonToken.Null) return null;
        if (objectType == typeof(KeyConditionExpression)) return serializer.Deserialize<KeyConditionParts>(reader)!.ToExpression();
        return serializer.Deserialize<ExpressionSource>(reader)!.Build();
    }

    /// <param name="Partition">The index in Conditions of the partition key's condition.</param>
    /// <param name="Sort">The index of the sort key's condition, or -1.</param>
    sealed record KeyConditionParts(List<KeyConditionPart> Conditions, int Partition, int Sort)
    {
        public static KeyConditionParts From(KeyConditionExpression k)
        {
            var conditions = k.Conditions.ToList();
            return new(conditions.Select(c => new KeyConditionPart(c.AttributeName, c.Operator, c.Value, c.UpperValue)).ToList(),
                conditions.IndexOf(k.PartitionKey), k.SortKey is null ? -1 : conditions.IndexOf(k.SortKey));
        }

        public KeyConditionExpression ToExpression()
        {
            var conditions = Conditions.Select(c => new KeyCondition(c.Name, c.Operator, c.Value, c.UpperValue)).ToList();
            return new KeyConditionExpression(conditions, conditions[Partition], Sort < 0 ? null : conditions[Sort]);
        }
    }

    sealed record KeyConditionPart(string Name, KeyConditionOperator Operator, AttributeValue Value, AttributeValue? UpperValue);
}
