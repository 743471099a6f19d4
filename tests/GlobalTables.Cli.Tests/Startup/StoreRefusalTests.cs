using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Startup;

/// <summary>A store the real CLI cannot use is refused with one line and a non-zero exit, no stack trace, before any region starts.</summary>
public sealed class StoreRefusalTests(ITestOutputHelper output) : IDisposable
{
    static readonly TimeSpan ExitMax = TimeSpan.FromSeconds(30);
    const string Advice = " Check --store and --connection, or globaltables.store in config/akka.conf.";
    readonly string _root = Path.Combine(Path.GetTempPath(), "globaltables-store-refusal", Guid.NewGuid().ToString("N"));

    async Task<string> RefusedLineAsync(params string[] args)
    {
        for (int attempt = 1; ; attempt++)
        {
            // Ports below the ephemeral range and apart from other tests' offsets; a port that another test's process
            // holds all the same is refused before the store, so that try goes again on other ports.
            using var process = CliProcess.Start(["up", "--data", _root, "--no-latency", "--port-offset", (20000 + Random.Shared.Next(0, 500) * 20).ToString(), .. args], output.WriteLine);
            Assert.NotEqual(0, await process.WaitForExitAsync(ExitMax));
            // up says which region it is starting; a store that region cannot open is refused in the one line after that.
            Assert.All(process.Output.SkipLast(1), line => Assert.Equal("starting us-east-1 ...", line));
            var refused = process.Output[^1];
            if (attempt < 5 && refused.StartsWith("globaltables: Port ", StringComparison.Ordinal) && refused.Contains("is already in use", StringComparison.Ordinal)) continue;
            return refused;
        }
    }

    [Fact]
    public async Task A_postgres_store_without_a_connection_string_is_one_line_and_opens_no_data_folder()
    {
        Assert.Equal("globaltables: The postgres store needs a connection string: --connection \"Host=...;Database=...\" or globaltables.store.connection." + Advice,
            await RefusedLineAsync("--store", "postgres"));
        Assert.False(Directory.Exists(_root));
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_server_is_one_line_naming_it_without_the_password()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        var line = await RefusedLineAsync("--store", "postgres", "--connection", $"Host=127.0.0.1;Port={port};Database=gt;Username=gt;Password=hunter2;Timeout=5");
        Assert.StartsWith($"globaltables: PostgreSQL at 127.0.0.1:{port}/gt cannot be used: ", line);
        Assert.EndsWith(Advice, line);
        Assert.DoesNotContain("hunter2", line);
        Assert.False(File.Exists(Path.Combine(_root, "us-east-1", "journal.db")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
