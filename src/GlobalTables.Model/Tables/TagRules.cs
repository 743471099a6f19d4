using System.Text.RegularExpressions;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Tables;

/// <summary>
/// DynamoDB's rules for table tags, with its messages: at most 50 per table (counted after a change is merged),
/// keys of 1 to 128 and values of 0 to 256 characters drawn from AWS's tag alphabet (letters, digits and spaces of
/// any script, and + - = . _ : / @), no key starting with <c>aws:</c>, and no key twice in one request. A request
/// with one bad tag changes nothing.
/// </summary>
public static partial class TagRules
{
    public const int TagsMax = 50, KeyLengthMax = 128, ValueLengthMax = 256;
    const string TooMany = "Number of Tags exceed the current limit for the provided ResourceArn";

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")]
    private static partial Regex Alphabet();

    /// <summary>The tags of a TagResource or CreateTable request, checked; a null key or value is one the request left out.</summary>
    public static IReadOnlyList<TableTag> Checked(IReadOnlyList<(string? Key, string? Value)> tags)
    {
        if (tags.Count > TagsMax) throw DynamoException.Validation(TooMany);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<TableTag>(tags.Count);
        foreach (var (key, value) in tags)
        {
            var checkedKey = CheckedKey(key);
            if (value is null || value.Length > ValueLengthMax || !Alphabet().IsMatch(value))
                throw DynamoException.Validation($"The Tag Value provided is invalid, Value: {value ?? "null"}");
            if (!seen.Add(checkedKey))
                throw DynamoException.Validation($"Duplicate Tag Keys provided as input: Duplicate Tag Key found {checkedKey}");
            result.Add(new TableTag(checkedKey, value));
        }
        return result;
    }

    /// <summary>The keys of an UntagResource request, checked.</summary>
    public static IReadOnlyList<string> CheckedKeys(IReadOnlyList<string?> keys)
    {
        if (keys.Count == 0) throw DynamoException.Validation("Atleast one Tag Key needs to be provided as Input.");
        var result = keys.Select(CheckedKey).ToList();
        if (keys.Count > TagsMax) throw DynamoException.Validation(TooMany);
        return result;
    }

    static string CheckedKey(string? key)
    {
        if (key is null || key.Length is 0 or > KeyLengthMax || !Alphabet().IsMatch(key))
            throw DynamoException.Validation($"The Tag Key provided is invalid, Key: {key ?? "null"}");
        if (key.StartsWith("aws:", StringComparison.Ordinal))
            throw DynamoException.Validation($"Tag Key cannot be prefixed with aws:, Key: {key}");
        return key;
    }

    /// <summary>The table's tags with <paramref name="added"/> set, new values replacing old; refused past the limit.</summary>
    public static IReadOnlyList<TableTag> Merged(IReadOnlyList<TableTag>? current, IReadOnlyList<TableTag> added)
    {
        var merged = (current ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        foreach (var tag in added) merged[tag.Key] = tag.Value;
        if (merged.Count > TagsMax) throw DynamoException.Validation(TooMany);
        return Sorted(merged);
    }

    /// <summary>The table's tags without <paramref name="keys"/>; a key the table does not have is no error.</summary>
    public static IReadOnlyList<TableTag> Without(IReadOnlyList<TableTag>? current, IReadOnlyList<string> keys) =>
        Sorted((current ?? []).Where(t => !keys.Contains(t.Key, StringComparer.Ordinal)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));

    /// <summary>
    /// One page of ListTagsOfResource from <paramref name="nextToken"/> (the key to start after), and the token of the
    /// page after it, if any.
    /// </summary>
    public static (IReadOnlyList<TableTag> Page, string? NextToken) Page(IReadOnlyList<TableTag>? tags, string? nextToken, int pageSize)
    {
        var after = (tags ?? []).Where(t => nextToken is null || string.CompareOrdinal(t.Key, nextToken) > 0).ToList();
        return after.Count > pageSize ? (after[..pageSize], after[pageSize - 1].Key) : (after, null);
    }

    // Kept in key order, so that pages and tokens are stable.
    static List<TableTag> Sorted(Dictionary<string, string> tags) =>
        tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new TableTag(t.Key, t.Value)).ToList();
}
