using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>One step of a document path: a map key or a list index.</summary>
internal readonly record struct PathElement(string? Name, int Index)
{
    public bool IsIndex => Name is null;

    public static PathElement Key(string name) => new(name, -1);
    public static PathElement At(int index) => new(null, index);

    public override string ToString() => Name ?? $"[{Index}]";
}

/// <summary>A resolved document path such as <c>a.b[2].c</c>; placeholders are already substituted.</summary>
internal sealed class DocumentPath : IEquatable<DocumentPath>
{
    public IReadOnlyList<PathElement> Elements { get; }

    public DocumentPath(IReadOnlyList<PathElement> elements)
    {
        if (elements.Count == 0 || elements[0].IsIndex) throw new ArgumentException("A path starts with a name.", nameof(elements));
        Elements = elements;
    }

    public string TopLevelName => Elements[0].Name!;
    public int Count => Elements.Count;

    /// <summary>The value at this path, or null when any step is missing or of the wrong type.</summary>
    public AttributeValue? Resolve(IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (!item.TryGetValue(TopLevelName, out var current)) return null;
        for (int i = 1; i < Elements.Count; i++)
        {
            current = Step(current, Elements[i]);
            if (current is null) return null;
        }
        return current;
    }

    internal static AttributeValue? Step(AttributeValue container, PathElement element)
    {
        if (element.IsIndex)
            return container.Type == AttributeType.L && element.Index < container.L.Count ? container.L[element.Index] : null;
        return container.Type == AttributeType.M && container.M.TryGetValue(element.Name!, out var child) ? child : null;
    }

    /// <summary>DynamoDB's rendering in error messages: <c>[a, b, [2]]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", Elements) + "]";

    public bool Equals(DocumentPath? other) => other is not null && Elements.SequenceEqual(other.Elements);
    public override bool Equals(object? obj) => Equals(obj as DocumentPath);
    public override int GetHashCode() => HashCode.Combine(Elements.Count, Elements[0]);

    /// <summary>
    /// Records DynamoDB's overlap and conflict errors for a list of paths that one expression writes or
    /// projects: overlap when one path is a prefix of another, conflict when they diverge by map key
    /// against list index at the same step.
    /// </summary>
    public static void CheckOverlaps(IReadOnlyList<DocumentPath> paths, ExpressionErrors errors)
    {
        for (int j = 1; j < paths.Count; j++)
        {
            for (int i = 0; i < j; i++)
            {
                var one = paths[i].Elements;
                var two = paths[j].Elements;
                int common = Math.Min(one.Count, two.Count);
                bool diverged = false;
                for (int k = 0; k < common && !diverged; k++)
                {
                    if (one[k].IsIndex != two[k].IsIndex)
                    {
                        errors.Add(ErrorCategory.PathConflict,
                            $"Two document paths conflict with each other; must remove or rewrite one of these paths; path one: {paths[i]}, path two: {paths[j]}");
                        diverged = true;
                    }
                    else if (one[k] != two[k]) diverged = true;
                }
                if (!diverged)
                {
                    errors.Add(ErrorCategory.PathOverlap,
                        $"Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {paths[i]}, path two: {paths[j]}");
                    return;
                }
            }
        }
    }
}
