using System.Collections.Immutable;
using GlobalTables.Model.Tables;

namespace GlobalTables.Region.Catalog;

/// <summary>
/// The catalog's latest table definitions, readable from any thread without a message round trip.
/// Only <see cref="TableCatalog"/> writes it.
/// </summary>
public sealed class TableDirectory
{
    volatile ImmutableSortedDictionary<string, TableDefinition> _tables =
        ImmutableSortedDictionary<string, TableDefinition>.Empty.WithComparers(StringComparer.Ordinal);

    public ImmutableSortedDictionary<string, TableDefinition> All => _tables;

    public TableDefinition? Find(string name) => _tables.GetValueOrDefault(name);

    /// <summary>Raised after every change, on the catalog's thread: keep handlers short.</summary>
    public event Action? Changed;

    internal void Publish(ImmutableSortedDictionary<string, TableDefinition> tables)
    {
        _tables = tables;
        Changed?.Invoke();
    }
}
