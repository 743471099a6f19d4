using GlobalTables.Model.Tables;
using GlobalTables.Region.Serialization;

namespace GlobalTables.Region.Catalog;

/// <summary>A table was created or changed; carries the whole new definition.</summary>
public sealed record TableDefined(TableDefinition Table) : IGlobalTablesMessage;

/// <summary>A table's deletion finished.</summary>
public sealed record TableRemoved(string Name) : IGlobalTablesMessage;
