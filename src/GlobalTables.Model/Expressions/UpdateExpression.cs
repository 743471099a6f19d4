using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>A parsed UpdateExpression: SET, REMOVE, ADD and DELETE actions.</summary>
public sealed class UpdateExpression
{
    readonly List<UpdateAction> _actions;
    readonly List<string> _topLevel;
    readonly ProjectionTree _touched;

    internal UpdateExpression(List<UpdateAction> actions, ExpressionSource source)
    {
        Source = source;
        _actions = actions;
        _topLevel = actions.Select(a => a.Path.TopLevelName).Distinct(StringComparer.Ordinal).ToList();
        _touched = new ProjectionTree(actions.Select(a => a.Path));
    }

    /// <summary>What this was parsed from, to build it again on another node.</summary>
    public ExpressionSource Source { get; }

    /// <summary>Top-level attribute names this expression writes or removes, for key checks and UPDATED_* return values.</summary>
    public IReadOnlyCollection<string> TopLevelAttributes => _topLevel;

    /// <summary>Every action takes something away (REMOVE, or DELETE from a set): on an absent item there is nothing to write.</summary>
    public bool OnlyRemoves => _actions.All(a => a is RemoveAction or DeleteAction);

    /// <summary>Applies to a copy of the item (empty when absent). Throws DynamoException on a type or path error.</summary>
    public Dictionary<string, AttributeValue> Apply(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var original = item ?? new Dictionary<string, AttributeValue>();
        var result = new Dictionary<string, AttributeValue>(original, StringComparer.Ordinal);

        // Every SET value is computed from the item as it was before this update.
        var values = new AttributeValue[_actions.Count];
        for (int i = 0; i < _actions.Count; i++)
            if (_actions[i] is SetAction set) values[i] = set.Value.EvaluateRequired(original);

        for (int i = 0; i < _actions.Count; i++)
        {
            var value = values[i];
            switch (_actions[i])
            {
                case SetAction set: DocumentUpdater.Update(result, set.Path, _ => value); break;
                case AddAction add: DocumentUpdater.Update(result, add.Path, add.Apply); break;
                case DeleteAction delete: DocumentUpdater.Update(result, delete.Path, delete.Apply); break;
            }
        }

        // List indexes in REMOVE refer to the list before the update: remove the highest first.
        var removes = _actions.OfType<RemoveAction>().ToList();
        removes.Sort(static (a, b) => ComparePathsDescending(a.Path, b.Path));
        foreach (var remove in removes) DocumentUpdater.Update(result, remove.Path, static _ => null);

        // A value set under a nested path, or copied from another attribute, can nest deeper than any value read.
        foreach (var name in _topLevel)
            if (result.TryGetValue(name, out var written)) AttributeNesting.CheckAttribute(written);
        return result;
    }

    /// <summary>Projects the attribute paths this expression touched out of an image, for UPDATED_OLD and UPDATED_NEW.</summary>
    public Dictionary<string, AttributeValue> ProjectUpdated(IReadOnlyDictionary<string, AttributeValue> image) => _touched.Apply(image);

    static int ComparePathsDescending(DocumentPath a, DocumentPath b)
    {
        int n = Math.Min(a.Count, b.Count);
        for (int i = 0; i < n; i++)
        {
            var x = a.Elements[i];
            var y = b.Elements[i];
            int order = x.IsIndex && y.IsIndex ? x.Index.CompareTo(y.Index)
                : x.IsIndex != y.IsIndex ? x.IsIndex.CompareTo(y.IsIndex)
                : string.CompareOrdinal(x.Name, y.Name);
            if (order != 0) return -order;
        }
        return b.Count.CompareTo(a.Count);
    }
}
