using GlobalTables.Cli.Chaos;
using GlobalTables.Region.Configuration;
using GlobalTables.Testing;
using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Chaos;

public sealed class ChaosRunTests(ITestOutputHelper output, PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public void The_same_seed_gives_the_same_schedule_and_every_fault_is_undone()
    {
        string[] regions = ["us-east-1", "eu-west-2", "ap-southeast-1"];
        var first = ChaosSchedule.Generate(42, TimeSpan.FromSeconds(60), regions);
        var again = ChaosSchedule.Generate(42, TimeSpan.FromSeconds(60), regions);
        Assert.Equal(first, again);
        Assert.NotEqual(first, ChaosSchedule.Generate(43, TimeSpan.FromSeconds(60), regions));
        Assert.Equal(first.Count(a => a.Kind == "fail"), first.Count(a => a.Kind == "recover"));
        Assert.Equal(first.Count(a => a.Kind == "isolate"), first.Count(a => a.Kind == "heal"));
        Assert.True(first.Count(a => a.Kind == "remove-replica") <= first.Count(a => a.Kind == "add-replica"));
        Assert.All(first, a => Assert.True(a.At < TimeSpan.FromSeconds(60)));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_20_second_run_with_a_fixed_seed_finds_no_violation(StoreKind store)
    {
        var data = Path.Combine(Path.GetTempPath(), "globaltables-chaos-test", Guid.NewGuid().ToString("N"));
        var connection = store == StoreKind.Postgres ? await postgres.CreateDatabaseAsync() : null;
        var run = new ChaosRun(seed: 7, TimeSpan.FromSeconds(20), data, TestPaths.RepositoryRoot, portOffset: null, output.WriteLine, store, connection);
        var report = await run.RunAsync(CancellationToken.None);
        foreach (var line in report.CatchUps) output.WriteLine(line);
        output.WriteLine($"acknowledged {report.Acknowledged}, unknown {report.Unknown}, lost updates {report.LostUpdates}, worst RTO {report.WorstRtoMs:0} ms, worst RPO {report.WorstRpoWrites}");
        Assert.Empty(report.Violations);
        Assert.True(report.Acknowledged > 100, "the clients barely wrote");
        Assert.Contains(report.Faults, f => f.Kind == "fail");
        try { Directory.Delete(data, true); } catch (IOException) { }
    }
}
