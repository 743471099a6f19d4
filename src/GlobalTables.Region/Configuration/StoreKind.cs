namespace GlobalTables.Region.Configuration;

/// <summary>Where a region's Akka.Persistence.Sql journal, snapshot store and query journal live.</summary>
public enum StoreKind
{
    /// <summary>A journal.db file in the region's data folder: embedded, the default.</summary>
    Sqlite,
    /// <summary>A PostgreSQL database reached by an Npgsql connection string, each region in its own schema.</summary>
    Postgres,
}
