using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Items;

/// <summary>Comparing an item's images, or parts of them, attribute by attribute.</summary>
public static class ItemImage
{
    /// <summary>
    /// Whether two encoded items (<see cref="AttributeValueBinary.EncodeItem"/>) are the same, from their bytes alone:
    /// true when the bytes are equal; false when they provably differ (a different number of attributes, or, where
    /// both name their attributes in one order, a value of another type, or a scalar with other bytes: strings, binary
    /// and numbers are encoded canonically); null when only decoding can tell (the attributes in another order, or a
    /// map, list or set whose bytes differ, which may hold the same members in another order).
    /// </summary>
    public static bool? SameEncoded(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.SequenceEqual(b)) return true;
        var ra = new EncodedItemReader(a);
        var rb = new EncodedItemReader(b);
        int count = ra.ReadCount();
        if (count != rb.ReadCount()) return false;
        bool? same = true;
        for (int i = 0; i < count; i++)
        {
            if (!ra.ReadLengthPrefixed().SequenceEqual(rb.ReadLengthPrefixed())) return null;
            var va = ra.ReadValueBytes();
            var vb = rb.ReadValueBytes();
            if (va.SequenceEqual(vb)) continue;
            var type = (AttributeType)va[0];
            if (type != (AttributeType)vb[0] || type is AttributeType.S or AttributeType.N or AttributeType.B or AttributeType.BOOL) return false;
            same = null;
        }
        return same;
    }

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
