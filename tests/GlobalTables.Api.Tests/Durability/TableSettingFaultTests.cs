using Amazon.DynamoDBv2.Model;
using GlobalTables.Region.Catalog;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.Durability;

/// <summary>
/// Tags and time to live whose change the catalog's journal fails or refuses: the caller hears DynamoDB's 500 at once,
/// the table keeps what it had, and the same change succeeds once the journal is well. Each test has a region of its own.
/// </summary>
public sealed class TableSettingFaultTests : IAsyncLifetime
{
    const string Arn = "arn:aws:dynamodb:us-east-1:000000000000:table/Faulted";
    readonly FaultyJournalHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    async Task<string> TagsAsync() => string.Join(", ", (await FaultyJournalHost.EventuallyAsync(() =>
        _host.Client().ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = Arn }))).Tags.Select(t => $"{t.Key}={t.Value}"));

    async Task<string> TimeToLiveAsync() => (await FaultyJournalHost.EventuallyAsync(() =>
        _host.Client().DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = "Faulted" }))).TimeToLiveDescription.TimeToLiveStatus.Value;

    Task TagAsync() => _host.Client().TagResourceAsync(new TagResourceRequest { ResourceArn = Arn, Tags = [new Tag { Key = "env", Value = "new" }] });

    Task EnableTimeToLiveAsync() => _host.Client().UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
    {
        TableName = "Faulted", TimeToLiveSpecification = new TimeToLiveSpecification { Enabled = true, AttributeName = "expires" },
    });

    [Theory]
    [InlineData(JournalFaultKind.Fail)]
    [InlineData(JournalFaultKind.Reject)]
    public async Task A_tag_change_the_journal_does_not_keep_is_a_500_and_the_tags_stay(JournalFaultKind kind)
    {
        await ServerFixture.CreateTableAsync(_host.Client(), "Faulted");
        await _host.Client().TagResourceAsync(new TagResourceRequest { ResourceArn = Arn, Tags = [new Tag { Key = "env", Value = "old" }] });
        var fault = _host.Faults.Add(w => w.Payload is TableDefined d && d.Table.Tags?.Any(t => t.Value == "new") == true, kind, times: 1);

        await FaultyJournalHost.FailsWithInternalServerErrorAsync(TagAsync);

        Assert.Equal(1, fault.Matched);
        Assert.Equal("env=old", await TagsAsync());
        await FaultyJournalHost.EventuallyAsync(async () => { await TagAsync(); return true; });
        Assert.Equal("env=new", await TagsAsync());
    }

    [Theory]
    [InlineData(JournalFaultKind.Fail)]
    [InlineData(JournalFaultKind.Reject)]
    public async Task A_time_to_live_change_the_journal_does_not_keep_is_a_500_and_the_setting_stays(JournalFaultKind kind)
    {
        await ServerFixture.CreateTableAsync(_host.Client(), "Faulted");
        var fault = _host.Faults.Add(w => w.Payload is TableDefined d && d.Table.TimeToLive is not null, kind, times: 1);

        await FaultyJournalHost.FailsWithInternalServerErrorAsync(EnableTimeToLiveAsync);

        Assert.Equal(1, fault.Matched);
        Assert.Equal("DISABLED", await TimeToLiveAsync());
        await FaultyJournalHost.EventuallyAsync(async () => { await EnableTimeToLiveAsync(); return true; });
        Assert.Contains(await TimeToLiveAsync(), new[] { "ENABLING", "ENABLED" });
    }
}
