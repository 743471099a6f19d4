using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>
/// A set of document paths merged into a tree, which copies just those parts out of an item. Nested maps
/// keep their structure; a list keeps only the projected elements, in index order, as DynamoDB does.
/// </summary>
internal sealed class ProjectionTree
{
    sealed class Node
    {
        public bool Whole;
        public Dictionary<string, Node>? Fields;
        public SortedDictionary<int, Node>? Items;
    }

    readonly Node _root = new();

    public ProjectionTree(IEnumerable<DocumentPath> paths)
    {
        foreach (var path in paths)
        {
            var node = _root;
            foreach (var element in path.Elements)
            {
                if (element.IsIndex)
                {
                    node.Items ??= new SortedDictionary<int, Node>();
                    if (!node.Items.TryGetValue(element.Index, out var child)) node.Items[element.Index] = child = new Node();
                    node = child;
                }
                else
                {
                    node.Fields ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                    if (!node.Fields.TryGetValue(element.Name!, out var child)) node.Fields[element.Name!] = child = new Node();
                    node = child;
                }
            }
            node.Whole = true;
        }
    }

    public Dictionary<string, AttributeValue> Apply(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var result = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        if (_root.Fields is null) return result;
        foreach (var (name, child) in _root.Fields)
            if (item.TryGetValue(name, out var value) && Project(value, child) is { } projected)
                result[name] = projected;
        return result;
    }

    static AttributeValue? Project(AttributeValue value, Node node)
    {
        if (node.Whole) return value;
        if (node.Fields is not null && value.Type == AttributeType.M)
        {
            var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            foreach (var (name, child) in node.Fields)
                if (value.M.TryGetValue(name, out var v) && Project(v, child) is { } projected)
                    map[name] = projected;
            return map.Count > 0 ? AttributeValue.FromM(map) : null;
        }
        if (node.Items is not null && value.Type == AttributeType.L)
        {
            var list = new List<AttributeValue>();
            foreach (var (index, child) in node.Items)
                if (index < value.L.Count && Project(value.L[index], child) is { } projected)
                    list.Add(projected);
            return list.Count > 0 ? AttributeValue.FromL(list) : null;
        }
        return null;
    }
}
