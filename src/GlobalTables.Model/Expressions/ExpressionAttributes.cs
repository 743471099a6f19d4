using System.Buffers;
using System.Text;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Expressions;

/// <summary>
/// ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all of its
/// expressions, tracking which were used so unused ones can be reported as DynamoDB does.
/// </summary>
public sealed class ExpressionAttributes(
    IReadOnlyDictionary<string, string>? names,
    IReadOnlyDictionary<string, AttributeValue>? values)
{
    public IReadOnlyDictionary<string, string>? Names { get; } = names;
    public IReadOnlyDictionary<string, AttributeValue>? Values { get; } = values;
    internal HashSet<string> UsedNames { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> UsedValues { get; } = new(StringComparer.Ordinal);

    /// <summary>ExpressionAttributeNames as DynamoDB checks the map itself: each key's length and form, then the map's size.</summary>
    public static void CheckNames(IReadOnlyDictionary<string, string> names)
    {
        CheckKeys("ExpressionAttributeNames", '#', names.Keys);
        long bytes = names.Sum(n => (long)Encoding.UTF8.GetByteCount(n.Key) + Encoding.UTF8.GetByteCount(n.Value));
        if (bytes > Limits.ExpressionAttributesBytesMax) throw DynamoException.Validation("ExpressionAttributeNames exceeds max size");
    }

    /// <summary>ExpressionAttributeValues as DynamoDB checks the map itself: each key's length and form, then the map's size.</summary>
    public static void CheckValues(IReadOnlyDictionary<string, AttributeValue> values)
    {
        CheckKeys("ExpressionAttributeValues", ':', values.Keys);
        long bytes = values.Sum(v => (long)Encoding.UTF8.GetByteCount(v.Key) + v.Value.SizeBytes());
        if (bytes > Limits.ExpressionAttributesBytesMax) throw DynamoException.Validation("ExpressionAttributeValues exceeds max size");
    }

    static void CheckKeys(string map, char sigil, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            int bytes = Encoding.UTF8.GetByteCount(key);
            if (bytes > Limits.ExpressionAttributeKeyBytesMax)
                throw DynamoException.Validation($"{map} contains invalid key: The expression attribute map contains a key that is too long; size of key: {bytes}");
            // The form a placeholder takes in expression text: the sigil, then letters, digits or underscores.
            if (key.Length < 2 || key[0] != sigil || key.AsSpan(1).ContainsAnyExcept(PlaceholderCharacters))
                throw DynamoException.Validation($"{map} contains invalid key: Syntax error; key: \"{key}\"");
        }
    }

    static readonly SearchValues<char> PlaceholderCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>Throws DynamoDB's ValidationException for names or values no expression used.</summary>
    public void AssertAllUsed()
    {
        if (Names is not null)
        {
            var unused = Names.Keys.Where(k => !UsedNames.Contains(k)).ToList();
            if (unused.Count > 0)
                throw DynamoException.Validation(
                    "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + string.Join(", ", unused) + "}");
        }
        if (Values is not null)
        {
            var unused = Values.Keys.Where(k => !UsedValues.Contains(k)).ToList();
            if (unused.Count > 0)
                throw DynamoException.Validation(
                    "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + string.Join(", ", unused) + "}");
        }
    }
}
