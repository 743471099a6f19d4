using Akka.Configuration;
using GlobalTables.Region.Persistence;

namespace GlobalTables.Region.Configuration;

/// <summary>
/// The store of a deployment (<c>globaltables.store</c> in config/akka.conf, or <c>--store</c> and <c>--connection</c>,
/// which override it): the same for every region a process runs.
/// </summary>
/// <param name="Connection">The Npgsql connection string for <see cref="StoreKind.Postgres"/>; unused for SQLite.</param>
/// <param name="SchemaPrefix">Each region's PostgreSQL schema is this followed by the region's name (<c>gt_us_east_1</c>).</param>
public sealed record StoreSettings(StoreKind Kind, string Connection, string SchemaPrefix)
{
    public static readonly StoreSettings Sqlite = new(StoreKind.Sqlite, "", "gt_");

    /// <param name="store">The <c>globaltables.store</c> block; null or missing is SQLite.</param>
    public static StoreSettings From(Config? store) => store is null || store.IsEmpty
        ? Sqlite
        : new StoreSettings(
            ParseKind(store.GetString("kind", "sqlite"), "globaltables.store.kind"),
            store.GetString("connection", ""),
            store.GetString("postgres.schema-prefix", Sqlite.SchemaPrefix)).Validated();

    /// <summary>These settings with what the command line named instead; the result must be usable.</summary>
    public StoreSettings Override(StoreKind? kind, string? connection) =>
        (this with { Kind = kind ?? Kind, Connection = connection ?? Connection }).Validated();

    /// <param name="source">Where the value came from, for the error: a flag or a config path.</param>
    public static StoreKind ParseKind(string value, string source) => value.Trim().ToLowerInvariant() switch
    {
        "sqlite" => StoreKind.Sqlite,
        "postgres" or "postgresql" => StoreKind.Postgres,
        _ => throw new StoreUnavailableException($"Store \"{value}\" ({source}) is not known: sqlite or postgres."),
    };

    StoreSettings Validated() => Kind == StoreKind.Postgres && string.IsNullOrWhiteSpace(Connection)
        ? throw new StoreUnavailableException("The postgres store needs a connection string: --connection \"Host=...;Database=...\" or globaltables.store.connection.")
        : this;
}
