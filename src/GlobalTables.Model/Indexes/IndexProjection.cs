using GlobalTables.Model.Attributes;
using GlobalTables.Model.Tables;

namespace GlobalTables.Model.Indexes;

/// <summary>
/// A secondary index's Projection: besides the table's and the index's key attributes, all the item's attributes
/// (ALL), none (KEYS_ONLY), or the named ones (INCLUDE).
/// </summary>
public sealed record IndexProjection(ProjectionType Type, IReadOnlyList<string>? NonKeyAttributes = null)
{
    public static readonly IndexProjection All = new(ProjectionType.ALL);

    /// <summary>Equal by value, the attribute names in order: a record would compare the list by reference.</summary>
    public bool Equals(IndexProjection? other) =>
        other is not null && Type == other.Type && (NonKeyAttributes ?? []).SequenceEqual(other.NonKeyAttributes ?? []);

    public override int GetHashCode() => HashCode.Combine(Type, NonKeyAttributes?.Count ?? 0);

    /// <summary>The item as the index holds it: only the projected attributes.</summary>
    public IReadOnlyDictionary<string, AttributeValue> Project(IReadOnlyDictionary<string, AttributeValue> item, KeySchema table, KeySchema index)
    {
        if (Type == ProjectionType.ALL) return item;
        var projected = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in item)
            if (Projects(name, table, index)) projected[name] = value;
        return projected;
    }

    /// <summary>True when the index holds the attribute of that name.</summary>
    public bool Projects(string attribute, KeySchema table, KeySchema index) =>
        Type == ProjectionType.ALL || table.IsKeyAttribute(attribute) || index.IsKeyAttribute(attribute)
        || (Type == ProjectionType.INCLUDE && NonKeyAttributes!.Contains(attribute, StringComparer.Ordinal));
}
