using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Items;

/// <summary>Comparing an item's images, or parts of them, attribute by attribute.</summary>
public static class ItemImage
{
    /// <summary>True when both hold the same attributes with the same values, or both are absent.</summary>
    public static bool Same(IReadOnlyDictionary<string, AttributeValue>? a, IReadOnlyDictionary<string, AttributeValue>? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a.Count != b.Count) return false;
        foreach (var (name, value) in b)
            if (!a.TryGetValue(name, out var other) || !other.Equals(value)) return false;
        return true;
    }
}
