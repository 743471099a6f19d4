using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;

namespace GlobalTables.Model.Queries;

/// <summary>A finished Query or Scan page, as the response reports it.</summary>
public interface IQueryPage
{
    IReadOnlyList<IReadOnlyDictionary<string, AttributeValue>> Items { get; }
    int Count { get; }
    int ScannedCount { get; }
    long ScannedBytes { get; }
    ItemKey? LastEvaluatedKey { get; }

    /// <summary>On an index, the index key of <see cref="LastEvaluatedKey"/>'s entry.</summary>
    ItemKey? LastEvaluatedIndexKey { get; }

    /// <summary>Whole items read from the table, in 4 KB units.</summary>
    long FetchedUnits { get; }
}
