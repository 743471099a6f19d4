using System.Diagnostics;
using Akka.Actor;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.Durability;

/// <summary>A real host whose region journal is a <see cref="FaultyJournal"/>, and what the fault tests assert with it.</summary>
public sealed class FaultyJournalHost : IAsyncLifetime
{
    /// <summary>More HOCON for the region, after the faulty journal's. A property, not a constructor argument: xUnit builds class fixtures with none.</summary>
    public string Config { get; init; } = "";

    ServerFixture? _fixture;

    public ServerFixture Fixture => _fixture ??= new() { ConfigOverrides = FaultyJournal.ConfigOverride + "\n" + Config };

    /// <summary>The faults of the running region (a restart makes new ones).</summary>
    public JournalFaults Faults => JournalFaults.Get(Fixture.Server.Regions.Single().System);

    public AmazonDynamoDBClient Client() => Fixture.Client();

    public Task InitializeAsync() => Fixture.InitializeAsync();

    public Task DisposeAsync() => Fixture.DisposeAsync();

    /// <summary>DynamoDB's answer to a write the journal did not keep: InternalServerError, HTTP 500, well within a second.</summary>
    public static async Task FailsWithInternalServerErrorAsync(Func<Task> call, Stopwatch? since = null)
    {
        since ??= Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<InternalServerErrorException>(call);
        Assert.Equal("InternalServerError", e.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Equal("Internal server error", e.Message);
        Assert.True(since.Elapsed < TimeSpan.FromSeconds(1), $"the writer heard after {since.Elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>Retries until the call succeeds: the journal healed and the actor it failed came back.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> call, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try { return await call(); }
            catch (AmazonDynamoDBException e) when (e.StatusCode == System.Net.HttpStatusCode.InternalServerError && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Polls until <paramref name="count"/> commands wait in the partition that owns the item (behind an unconfirmed write).</summary>
    public async Task UntilWaitingAsync(string table, string pk, int count)
    {
        var region = Fixture.Server.Regions.Single();
        var definition = region.Tables.Find(table)!;
        var entity = definition.PartitionEntityId(new Model.Items.ItemKey(Model.Attributes.AttributeValue.FromS(pk), null).PartitionOf(definition.PartitionCount));
        await Eventually.UntilAsync(async () => (await region.Partitions.Ask<Region.Partitions.PartitionStats>(
                new Region.Partitions.PartitionEnvelope(entity, Region.Partitions.GetPartitionStats.Instance), TimeSpan.FromSeconds(5))).WaitingCommands >= count,
            $"{count} commands never queued on {pk}");
    }

    /// <summary>Polls until the fault has taken a write: the journal holds it now.</summary>
    public static Task UntilMatchedAsync(JournalFault fault, int writes = 1) =>
        Eventually.UntilAsync(() => fault.Matched >= writes, "the write never reached the journal");
}
