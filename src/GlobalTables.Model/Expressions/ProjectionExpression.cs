using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>A parsed ProjectionExpression: a list of document paths.</summary>
public sealed class ProjectionExpression
{
    readonly ProjectionTree _tree;
    readonly List<DocumentPath> _paths;

    internal ProjectionExpression(List<DocumentPath> paths, ExpressionSource source)
    {
        Source = source;
        _paths = paths;
        _tree = new ProjectionTree(paths);
    }

    /// <summary>What this was parsed from, to build it again on another node.</summary>
    public ExpressionSource Source { get; }

    /// <summary>Top-level attribute names the projection reads, in expression order, without duplicates.</summary>
    public IReadOnlyList<string> TopLevelAttributes => _paths.Select(p => p.TopLevelName).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Builds a new item holding only the projected parts of <paramref name="item"/>.</summary>
    public Dictionary<string, AttributeValue> Apply(IReadOnlyDictionary<string, AttributeValue> item) => _tree.Apply(item);
}
