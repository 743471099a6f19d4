using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>
/// Rewrites the value at a document path in a working copy of an item, rebuilding each map and list on
/// the way down; the values it started from are never changed.
/// </summary>
internal static class DocumentUpdater
{
    /// <summary>
    /// Replaces the value at <paramref name="path"/> by <paramref name="change"/>(existing value or null);
    /// a null result removes it. A missing or mistyped parent is DynamoDB's "invalid for update" error.
    /// Setting a list index past the end appends.
    /// </summary>
    public static void Update(Dictionary<string, AttributeValue> item, DocumentPath path, Func<AttributeValue?, AttributeValue?> change)
    {
        var name = path.TopLevelName;
        item.TryGetValue(name, out var existing);
        if (path.Count == 1)
        {
            Store(item, name, change(existing));
            return;
        }
        if (existing is null) throw UpdateErrors.InvalidPath();
        Store(item, name, Rebuild(existing, path.Elements, 1, change));
    }

    static void Store(Dictionary<string, AttributeValue> item, string name, AttributeValue? value)
    {
        if (value is null) item.Remove(name);
        else item[name] = value;
    }

    /// <summary>Returns a copy of <paramref name="container"/> with the change applied at elements[depth..].</summary>
    static AttributeValue? Rebuild(AttributeValue container, IReadOnlyList<PathElement> elements, int depth,
        Func<AttributeValue?, AttributeValue?> change)
    {
        var element = elements[depth];
        bool last = depth == elements.Count - 1;
        if (element.IsIndex)
        {
            if (container.Type != AttributeType.L) throw UpdateErrors.InvalidPath();
            var list = container.L;
            int index = element.Index;
            AttributeValue? existing = index < list.Count ? list[index] : null;
            AttributeValue? replacement;
            if (last) replacement = change(existing);
            else if (existing is null) throw UpdateErrors.InvalidPath();
            else replacement = Rebuild(existing, elements, depth + 1, change);

            if (existing is null && replacement is null) return container;
            var copy = new List<AttributeValue>(list.Count + 1);
            copy.AddRange(list);
            if (existing is null) copy.Add(replacement!);
            else if (replacement is null) copy.RemoveAt(index);
            else copy[index] = replacement;
            return AttributeValue.FromL(copy);
        }
        else
        {
            if (container.Type != AttributeType.M) throw UpdateErrors.InvalidPath();
            var map = container.M;
            map.TryGetValue(element.Name!, out var existing);
            AttributeValue? replacement;
            if (last) replacement = change(existing);
            else if (existing is null) throw UpdateErrors.InvalidPath();
            else replacement = Rebuild(existing, elements, depth + 1, change);

            if (existing is null && replacement is null) return container;
            var copy = new Dictionary<string, AttributeValue>(map, StringComparer.Ordinal);
            if (replacement is null) copy.Remove(element.Name!);
            else copy[element.Name!] = replacement;
            return AttributeValue.FromM(copy);
        }
    }
}
