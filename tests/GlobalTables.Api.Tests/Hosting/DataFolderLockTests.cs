using Amazon.DynamoDBv2.Model;
using GlobalTables.Region.Persistence;

namespace GlobalTables.Api.Tests.Hosting;

/// <summary>One owner per data folder, within one process too: a second server on a data root in use is refused before it opens anything.</summary>
public sealed class DataFolderLockTests : IAsyncLifetime
{
    readonly ServerFixture _fixture = new() { Regions = ["us-east-1", "eu-west-2"] };

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    static Dictionary<string, AttributeValue> Item(string pk) => new() { ["pk"] = new AttributeValue(pk) };

    [Fact]
    public async Task A_second_server_on_the_same_data_root_is_refused_while_the_first_runs_and_starts_once_it_is_disposed()
    {
        var client = _fixture.Client();
        await ServerFixture.CreateTableAsync(client, "Owned");
        await client.PutItemAsync("Owned", Item("before"));

        var refused = await Assert.ThrowsAsync<DataFolderInUseException>(_fixture.StartAsync);
        Assert.Equal(Path.Combine(_fixture.DataRoot, "us-east-1"), refused.Folder);
        Assert.Equal(Environment.ProcessId, refused.OwnerProcessId);
        // The refusal let go of nothing of the first server's, and that server still serves.
        await client.PutItemAsync("Owned", Item("during"));
        Assert.True((await client.GetItemAsync(new GetItemRequest("Owned", Item("during"), consistentRead: true))).IsItemSet);

        await _fixture.RestartAsync();
        client = _fixture.Client();
        foreach (var pk in new[] { "before", "during" })
            Assert.True((await client.GetItemAsync(new GetItemRequest("Owned", Item(pk), consistentRead: true))).IsItemSet, pk);
    }

    [Fact]
    public async Task A_failed_region_keeps_its_data_folder_and_recovers_on_it()
    {
        await _fixture.Server.FailAsync("eu-west-2");

        var refused = await Assert.ThrowsAsync<DataFolderInUseException>(_fixture.StartAsync);
        Assert.Equal(Path.Combine(_fixture.DataRoot, "us-east-1"), refused.Folder);
        Assert.Throws<DataFolderInUseException>(() => DataFolderLock.Acquire(Path.Combine(_fixture.DataRoot, "eu-west-2")).Dispose());

        await _fixture.Server.RecoverAsync("eu-west-2");
        var client = _fixture.Client("eu-west-2");
        await ServerFixture.CreateTableAsync(client, "Recovered");
        await client.PutItemAsync("Recovered", Item("back"));
    }
}
