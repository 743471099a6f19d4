using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Region.Configuration;
using GlobalTables.Region.Persistence;
using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Startup;

/// <summary>
/// The real CLI refuses a start that would share a data folder or a port, with one line and a non-zero exit, before it
/// opens any SQLite file: two processes on one journal.db reuse sequence numbers and lose acknowledged writes.
/// </summary>
public sealed class StartRefusalTests(ITestOutputHelper output) : IDisposable
{
    static readonly TimeSpan ExitMax = TimeSpan.FromSeconds(30);
    static readonly IReadOnlyList<RegionSettings> Regions = RegionSettings.LoadAll(Path.Combine(TestPaths.RepositoryRoot, "regions"));

    readonly string _root = Path.Combine(Path.GetTempPath(), "globaltables-refusal", Guid.NewGuid().ToString("N"));
    readonly List<GlobalTablesProcess> _processes = [];

    static int PortOf(string region) => Regions.Single(r => r.Name == region).Port;

    // Below the ephemeral range (32768 up), so no client socket holds one; another start's ports at +10 do not overlap.
    static int FreshOffset() => 10000 + Random.Shared.Next(0, 650) * 20;

    GlobalTablesProcess Start(IEnumerable<string> args)
    {
        var process = CliProcess.Start(args, output.WriteLine);
        _processes.Add(process);
        return process;
    }

    /// <summary>Starts a command that must come up; on another offset if something outside this test holds one of its ports.</summary>
    Task<(GlobalTablesProcess Process, int Offset)> StartServingAsync(Func<int, IEnumerable<string>> args) =>
        CliProcess.StartServingAsync(FreshOffset, args, TimeSpan.FromSeconds(60), Start);

    static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order().ToList() : [];

    static IReadOnlyList<string> SqliteFilesIn(string folder) => FilesIn(folder).Where(f => f.Contains(".db")).ToList();

    [Fact]
    public async Task A_second_up_on_a_data_folder_in_use_exits_at_once_with_one_line_naming_the_folder_and_the_holder()
    {
        var (holder, offset) = await StartServingAsync(o => ["node", "--region", "eu-west-2", "--data", _root, "--port-offset", o.ToString(), "--no-latency"]);
        var held = Path.Combine(_root, "eu-west-2");
        var before = FilesIn(held);

        var clock = Stopwatch.StartNew();
        var second = Start(["up", "--data", _root, "--port-offset", (offset + 10).ToString(), "--no-latency"]);
        var exit = await second.WaitForExitAsync(ExitMax);
        output.WriteLine($"second up exited {exit} after {clock.ElapsedMilliseconds} ms");

        Assert.NotEqual(0, exit);
        var line = Assert.Single(second.Output);
        Assert.Equal($"globaltables: Data folder {held} is in use by process {holder.Id}. Stop that process, or pass another --data.", line);
        // Regions start in port order, us-east-1 before eu-west-2: had the refused up started any region before
        // taking every lock, us-east-1 would hold SQLite files now.
        Assert.Empty(SqliteFilesIn(Path.Combine(_root, "us-east-1")));
        Assert.Empty(SqliteFilesIn(Path.Combine(_root, "ap-southeast-1")));
        Assert.Equal(before, FilesIn(held));

        using var eu = LoopbackClient.For(PortOf("eu-west-2") + offset, "eu-west-2");
        await eu.CreateTableAsync(new CreateTableRequest
        {
            TableName = "kept", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)], KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        });
        await Poll.UntilAsync(async () => (await eu.DescribeTableAsync("kept")).Table.TableStatus == TableStatus.ACTIVE, TimeSpan.FromSeconds(30), "table ACTIVE");
        await eu.PutItemAsync("kept", new() { ["pk"] = new("served") });
        var got = await eu.GetItemAsync(new GetItemRequest("kept", new() { ["pk"] = new("served") }, consistentRead: true));
        Assert.True(got.IsItemSet);
        Assert.False(holder.HasExited);
    }

    [Fact]
    public async Task A_node_refused_by_a_held_data_folder_opens_no_SQLite_file_and_starts_once_the_folder_is_let_go()
    {
        var folder = Path.Combine(_root, "us-east-1");
        string[] Node(int offset) => ["node", "--region", "us-east-1", "--data", _root, "--port-offset", offset.ToString(), "--no-latency"];
        using (DataFolderLock.Acquire(folder))
        {
            var before = FilesIn(folder);
            var refused = Start(Node(FreshOffset()));

            Assert.NotEqual(0, await refused.WaitForExitAsync(ExitMax));
            var line = Assert.Single(refused.Output);
            Assert.Equal($"globaltables: Data folder {folder} is in use by process {Environment.ProcessId}. Stop that process, or pass another --data.", line);
            // A fresh folder: any SQLite file opened would have been created.
            Assert.Equal(before, FilesIn(folder));
            Assert.Empty(SqliteFilesIn(folder));
        }

        var (node, _) = await StartServingAsync(Node);
        Assert.NotEmpty(SqliteFilesIn(folder));
        Assert.Equal(node.Id.ToString(), File.ReadAllText(Directory.GetFiles(folder, "*.pid").Single()));
    }

    [Fact]
    public async Task An_up_whose_endpoint_port_is_taken_exits_at_once_with_one_line_naming_the_port_and_creates_no_data()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var clock = Stopwatch.StartNew();
        var refused = Start(["up", "--only", "us-east-1", "--data", _root, "--port-offset", (port - PortOf("us-east-1")).ToString()]);
        var exit = await refused.WaitForExitAsync(ExitMax);
        output.WriteLine($"up exited {exit} after {clock.ElapsedMilliseconds} ms");

        Assert.NotEqual(0, exit);
        var line = Assert.Single(refused.Output);
        Assert.Equal($"globaltables: Port {port} (us-east-1 DynamoDB endpoint) is already in use. Stop what listens there, or pass another --port-offset.", line);
        Assert.False(Directory.Exists(_root), "the refused up created its data folder");
    }

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
