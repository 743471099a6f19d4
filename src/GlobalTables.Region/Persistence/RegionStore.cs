using System.Data.Common;
using Akka.Configuration;
using GlobalTables.Region.Configuration;
using LinqToDB;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GlobalTables.Region.Persistence;

/// <summary>
/// One region's store, opened: the linq2db <see cref="DataOptions"/> that the Akka.Persistence.Sql journal, snapshot
/// store and query journal share, and their provider and connection string. SQLite is a journal.db file in the region's
/// data folder; PostgreSQL is the configured database, with the region's own schema first on the search path, so
/// regions sharing one database (all of <c>up</c> in one process) keep their tables apart and the plugin's
/// auto-initialize creates them there.
/// </summary>
public sealed class RegionStore
{
    public StoreKind Kind { get; }
    public string ProviderName { get; }
    public string ConnectionString { get; }
    public DataOptions Options { get; }

    RegionStore(StoreKind kind, string providerName, string connectionString, DataOptions options)
    {
        Kind = kind;
        ProviderName = providerName;
        ConnectionString = connectionString;
        Options = options;
    }

    /// <summary>Opens the region's store, creating its file or its schema if missing.</summary>
    /// <param name="sqlitePath">For SQLite, a journal file the region's nodes in one machine share; null: journal.db in the data folder.</param>
    public static async Task<RegionStore> OpenAsync(StoreSettings settings, string region, string dataFolder, string? sqlitePath = null) => settings.Kind switch
    {
        StoreKind.Postgres => await OpenPostgresAsync(settings, region),
        _ => OpenSqlite(sqlitePath ?? Path.Combine(dataFolder, "journal.db")),
    };

    static RegionStore OpenSqlite(string path)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        EnableWriteAheadLog(connectionString);
        var options = new DataOptions()
            .UseConnectionString(LinqToDB.ProviderName.SQLiteMS, connectionString)
            .UseAfterConnectionOpened(ConfigureConnection, (c, _) => { ConfigureConnection(c); return Task.CompletedTask; });
        return new RegionStore(StoreKind.Sqlite, LinqToDB.ProviderName.SQLiteMS, connectionString, options);
    }

    static void EnableWriteAheadLog(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    static void ConfigureConnection(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
        command.ExecuteNonQuery();
    }

    static async Task<RegionStore> OpenPostgresAsync(StoreSettings settings, string region)
    {
        NpgsqlConnectionStringBuilder given;
        try { given = new NpgsqlConnectionStringBuilder(settings.Connection); }
        catch (ArgumentException e) { throw new StoreUnavailableException($"The PostgreSQL connection string is not valid: {Sentence(e.Message)}", e); }

        var schema = SchemaOf(settings.SchemaPrefix, region);
        try
        {
            // Unpooled: the region's own pool is the one with its search path, and this connection is used once.
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(given.ConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS \"{schema}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The server's own words say what is wrong (refused, no such database, password); the password is never shown.
            throw new StoreUnavailableException($"PostgreSQL at {Describe(given)} cannot be used: {Sentence(e.Message)}", e);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(given.ConnectionString) { SearchPath = schema }.ConnectionString;
        var options = new DataOptions().UseConnectionString(LinqToDB.ProviderName.PostgreSQL15, connectionString);
        return new RegionStore(StoreKind.Postgres, LinqToDB.ProviderName.PostgreSQL15, connectionString, options);
    }

    /// <summary>The region's PostgreSQL schema: the prefix and the region's name, as a plain lower-case identifier.</summary>
    public static string SchemaOf(string prefix, string region) =>
        new((prefix + region).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    static string Describe(NpgsqlConnectionStringBuilder b) => $"{b.Host}:{b.Port}/{b.Database}";

    /// <summary>Npgsql's message as one sentence, so the CLI's advice can follow it on the same line.</summary>
    static string Sentence(string message) => message.ReplaceLineEndings(" ").Trim().TrimEnd('.') + ".";

    /// <summary>The connection string and provider of the journal, snapshot store and query journal, as HOCON.</summary>
    public Config PluginConfig()
    {
        // A HOCON quoted string is a JSON string: backslashes and quotes escaped.
        var quoted = "\"" + ConnectionString.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        var provider = "\"" + ProviderName + "\"";
        return ConfigurationFactory.ParseString($"""
            akka.persistence.journal.sql.connection-string = {quoted}
            akka.persistence.journal.sql.provider-name = {provider}
            akka.persistence.snapshot-store.sql.connection-string = {quoted}
            akka.persistence.snapshot-store.sql.provider-name = {provider}
            akka.persistence.query.journal.sql.connection-string = {quoted}
            akka.persistence.query.journal.sql.provider-name = {provider}
            """);
    }

    /// <summary>Lets go of the pooled connections: SQLite's hold the files open, PostgreSQL's hold server processes.</summary>
    public void Release()
    {
        if (Kind == StoreKind.Sqlite) SqliteConnection.ClearAllPools();
        else
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
