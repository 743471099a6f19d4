using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Items;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.TimeToLive;

/// <summary>
/// UpdateTimeToLive and DescribeTimeToLive through the SDK: the statuses, the refusals and their messages, on a region
/// whose changes settle after 1 s (DynamoDB's take up to an hour).
/// </summary>
public sealed class TimeToLiveSettingTests : IAsyncLifetime
{
    readonly ServerFixture _fixture = new() { ConfigOverrides = "globaltables.time-to-live.transition = 1s" };

    public Task InitializeAsync() => _fixture.InitializeAsync();
    public Task DisposeAsync() => _fixture.DisposeAsync();

    IAmazonDynamoDB Client => _fixture.Client();

    async Task<string> DescribeAsync(string table)
    {
        var d = (await Client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table })).TimeToLiveDescription;
        return d.AttributeName is null ? d.TimeToLiveStatus.Value : $"{d.TimeToLiveStatus.Value} {d.AttributeName}";
    }

    /// <summary>Polls DescribeTimeToLive until it reads <paramref name="expected"/>, with a deadline.</summary>
    Task SettlesAsync(string table, string expected) =>
        Eventually.ReadAsync(() => DescribeAsync(table), seen => seen == expected, seen => $"DescribeTimeToLive still reads {seen}, not {expected}",
            TimeSpan.FromSeconds(20));

    Task<UpdateTimeToLiveResponse> UpdateAsync(string table, bool enabled, string attribute) =>
        Client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = table, TimeToLiveSpecification = new TimeToLiveSpecification { Enabled = enabled, AttributeName = attribute },
        });

    async Task RefusedAsync(string table, bool enabled, string attribute, string message)
    {
        var e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => UpdateAsync(table, enabled, attribute));
        Assert.Equal(("ValidationException", message), (e.ErrorCode, e.Message));
    }

    [Fact]
    public async Task Enabling_and_disabling_pass_through_their_transitions_and_refuse_what_DynamoDB_refuses()
    {
        var table = Av.UniqueName("ttl");
        await ServerFixture.CreateTableAsync(Client, table);
        Assert.Equal("DISABLED", await DescribeAsync(table));
        await RefusedAsync(table, false, "expires", "TimeToLive is already disabled");

        var enabled = await UpdateAsync(table, true, "expires");
        Assert.Equal((true, "expires"), (enabled.TimeToLiveSpecification.Enabled!.Value, enabled.TimeToLiveSpecification.AttributeName));
        Assert.Equal("ENABLING expires", await DescribeAsync(table));
        await RefusedAsync(table, false, "expires", "Time to live has been modified multiple times within a fixed interval");

        await SettlesAsync(table, "ENABLED expires");
        await RefusedAsync(table, true, "expires", "TimeToLive is already enabled");
        await RefusedAsync(table, true, "other", "TimeToLive is already enabled");
        await RefusedAsync(table, false, "other", "TimeToLive is active on a different AttributeName: current AttributeName is expires");

        await UpdateAsync(table, false, "expires");
        Assert.Equal("DISABLING expires", await DescribeAsync(table));
        await SettlesAsync(table, "DISABLED");

        // Another attribute once disabled; the setting outlives a restart.
        await UpdateAsync(table, true, "other");
        await SettlesAsync(table, "ENABLED other");
        await _fixture.RestartAsync();
        Assert.Equal("ENABLED other", await DescribeAsync(table));
    }

    [Fact]
    public async Task A_bad_specification_is_refused_before_the_table_is_looked_for_and_changes_nothing()
    {
        var table = Av.UniqueName("ttl");
        await ServerFixture.CreateTableAsync(Client, table);

        var empty = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => UpdateAsync("no-such-table", true, ""));
        Assert.Equal("ValidationException", empty.ErrorCode);
        Assert.Contains("'timeToLiveSpecification.attributeName'", empty.Message);
        var tooLong = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => UpdateAsync(table, true, new string('a', 256)));
        Assert.Contains("Member must have length less than or equal to 255", tooLong.Message);
        Assert.Equal("DISABLED", await DescribeAsync(table));

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => UpdateAsync("no-such-table", true, "expires"));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = "no-such-table" }));
    }
}
