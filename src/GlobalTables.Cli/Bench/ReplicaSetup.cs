using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The table steps the replication scenarios share: drop a (global) bench table in every region it
/// is in, and add a replica the way global tables version 2019.11.21 do. Nothing here is timed.
/// </summary>
public static class ReplicaSetup
{
    /// <summary>Deletes the replica's copy first (which leaves the source's), then the source's, and waits for both.</summary>
    public static async Task DropEverywhereAsync(BenchTable source, BenchTable replica, CancellationToken ct)
    {
        await DropAsync(replica, ct);
        await DropAsync(source, ct);
    }

    static async Task DropAsync(BenchTable table, CancellationToken ct)
    {
        if (await table.DescribeAsync(ct) is null) return;
        await table.DeleteAsync(ct);
    }

    /// <summary>A fresh global table: dropped everywhere, created in the source's region, a replica added, both ACTIVE.</summary>
    public static async Task CreateGlobalAsync(IAmazonDynamoDB sourceClient, BenchTable source, BenchTable replica, string replicaRegion, CancellationToken ct)
    {
        await DropEverywhereAsync(source, replica, ct);
        await source.RecreateAsync(withStream: false, ct);
        await AddReplicaAsync(sourceClient, source.Name, replicaRegion, ct);
        await replica.WaitActiveAsync(ct);
        await source.WaitActiveAsync(ct);
    }

    public static Task AddReplicaAsync(IAmazonDynamoDB source, string table, string replicaRegion, CancellationToken ct) =>
        source.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = table,
            ReplicaUpdates = [new ReplicationGroupUpdate { Create = new CreateReplicationGroupMemberAction { RegionName = replicaRegion } }],
        }, ct);
}
