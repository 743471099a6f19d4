using System.Diagnostics.CodeAnalysis;

namespace GlobalTables.Model.Attributes;

/// <summary>
/// An item together with its <see cref="AttributeValueBinary.EncodeItem"/> form, encoded once when a write is decided:
/// the partition keeps those bytes as the item and the journal's serializer writes them, rather than each encoding it
/// again. Reads as the item itself; the bytes are never written to.
/// </summary>
public sealed class EncodedItem : IReadOnlyDictionary<string, AttributeValue>
{
    readonly IReadOnlyDictionary<string, AttributeValue> _item;

    EncodedItem(IReadOnlyDictionary<string, AttributeValue> item, byte[] bytes)
    {
        _item = item;
        Bytes = bytes;
    }

    public static EncodedItem Of(IReadOnlyDictionary<string, AttributeValue> item) =>
        item as EncodedItem ?? new EncodedItem(item, AttributeValueBinary.EncodeItem(item));

    /// <summary>The item as <see cref="AttributeValueBinary.WriteItem"/> writes it, in this item's order of attributes.</summary>
    public byte[] Bytes { get; }

    public AttributeValue this[string key] => _item[key];
    public IEnumerable<string> Keys => _item.Keys;
    public IEnumerable<AttributeValue> Values => _item.Values;
    public int Count => _item.Count;
    public bool ContainsKey(string key) => _item.ContainsKey(key);
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out AttributeValue value) => _item.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<string, AttributeValue>> GetEnumerator() => _item.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
