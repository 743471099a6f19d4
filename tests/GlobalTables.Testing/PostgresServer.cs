using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace GlobalTables.Testing;

/// <summary>
/// A real, throwaway PostgreSQL 15 (Debian's package) for a test fixture: a private cluster in a fresh temporary folder,
/// listening on a free loopback port only, with a fresh database per test (<see cref="CreateDatabaseAsync"/>). Stopped
/// and its folder deleted at the end. PostgreSQL refuses to run as root, so under root (CI) it runs as the
/// <c>postgres</c> system user, which then owns the folder.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>Where Debian's postgresql-15 puts initdb, pg_ctl and postgres; GLOBALTABLES_PG_BIN names another.</summary>
    public static string Binaries => Environment.GetEnvironmentVariable("GLOBALTABLES_PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    static readonly TimeSpan CommandMax = TimeSpan.FromSeconds(60);
    const string Superuser = "postgres";

    /// <summary>
    /// Straight in the temporary folder, which the postgres user can reach (/tmp), not below a shared parent that
    /// another user's run may have created.
    /// </summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "globaltables-pg-" + Guid.NewGuid().ToString("N"));
    public int Port { get; private set; }
    string DataDirectory => Path.Combine(Folder, "data");
    string LogFile => Path.Combine(Folder, "postgres.log");
    static bool AsRoot => Environment.UserName == "root";
    bool _started;

    public async Task InitializeAsync()
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("PostgresServer runs Debian's PostgreSQL binaries");
        Directory.CreateDirectory(Folder);
        if (AsRoot) await RunAsync("chown", [Superuser + ":", Folder], asPostgres: false);
        await RunAsync(Path.Combine(Binaries, "initdb"), ["-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        // A free port can be taken between the probe and the start by another run: try another.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                await RunAsync(Path.Combine(Binaries, "pg_ctl"), ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", ServerOptions(Port), "start"]);
                _started = true;
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && File.ReadAllText(LogFile).Contains("could not bind")) { }
        }
    }

    /// <summary>
    /// Loopback TCP only. The tests restart regions, not machines, so nothing needs fsync; many regions start and stop
    /// in one run, each with its connection pools.
    /// </summary>
    static string ServerOptions(int port) =>
        $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off " +
        "-c full_page_writes=off -c max_connections=500";

    static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>A connection string to <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = Superuser,
    }.ConnectionString;

    /// <summary>Creates a database no other test uses and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "gt_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    /// <summary>The rows of a query's first column, as text: for tests that look at the database itself.</summary>
    public static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres = true)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgres && AsRoot ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Folder,
        };
        if (asPostgres && AsRoot) foreach (var a in new[] { "-u", Superuser, "--", file }) start.ArgumentList.Add(a);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(CommandMax);
        try { await process.WaitForExitAsync(deadline.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} ran past {CommandMax.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}{await output}");
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started) await RunAsync(Path.Combine(Binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
