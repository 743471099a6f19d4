using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Tests.Tables;

/// <summary>UpdateTable's ReplicaUpdates refusals, in DynamoDB's words.</summary>
public sealed class ReplicaRulesTests
{
    const string Us = "us-east-1", Eu = "eu-west-2", Ap = "ap-southeast-1";
    static readonly string[] Regions = [Us, Eu, Ap];

    static TableDefinition Table(TableStatus status = TableStatus.ACTIVE) => TableValidation.Define(
        new CreateTableRequest("Music", [("pk", "S")], [("pk", "HASH")], "PAY_PER_REQUEST", null, null, null, null),
        Guid.NewGuid().ToString(), 4, DateTimeOffset.UnixEpoch) with { Status = status };

    [Theory]
    [InlineData(TableStatus.UPDATING, "updated")]
    [InlineData(TableStatus.CREATING, "created")]
    [InlineData(TableStatus.DELETING, "deleted")]
    public void A_replica_is_not_added_to_a_table_that_is_not_active(TableStatus status, string verb)
    {
        var e = Assert.Throws<DynamoException>(() => ReplicaRules.Add(Table(status), Us, Eu, Regions, DateTimeOffset.UnixEpoch));
        Assert.Equal(ErrorCode.ResourceInUse, e.Code);
        Assert.Equal($"Attempt to change a resource which is still in use: Table is being {verb}: Music", e.Message);
    }

    [Fact]
    public void An_added_replica_starts_creating_at_zero_percent()
    {
        var added = ReplicaRules.Add(Table(), Us, Eu, Regions, DateTimeOffset.UnixEpoch);
        Assert.Equal([new ReplicaInfo(Us, ReplicaStatus.ACTIVE), new ReplicaInfo(Eu, ReplicaStatus.CREATING, 0)], added.Replicas);
    }

    [Fact]
    public void The_local_region_and_a_region_not_in_the_table_are_refused()
    {
        var local = Assert.Throws<DynamoException>(() => ReplicaRules.Add(Table(), Us, Us, Regions, DateTimeOffset.UnixEpoch));
        Assert.Equal("Cannot add, delete, or update the local region through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required.", local.Message);

        var global = ReplicaRules.Add(Table(), Us, Eu, Regions, DateTimeOffset.UnixEpoch);
        var missing = Assert.Throws<DynamoException>(() => ReplicaRules.Remove(global, Us, Ap, Regions));
        Assert.Equal(ErrorCode.Validation, missing.Code);
        Assert.Equal("Update global table operation failed because one or more replicas were not part of the global table. " +
            "Please retry the request without these replicas: [ap-southeast-1].", missing.Message);
    }

    [Fact]
    public void A_replica_reports_its_own_status_forward_only_and_never_changes_the_replica_set()
    {
        var table = ReplicaRules.Add(Table(), Us, Eu, Regions, DateTimeOffset.UnixEpoch);

        var progressed = ReplicaRules.Reported(table, Eu, ReplicaStatus.CREATING, 40);
        Assert.Equal(new ReplicaInfo(Eu, ReplicaStatus.CREATING, 40), progressed!.Replicas![1]);
        // Reports cross regions unordered: older progress, and CREATING after ACTIVE, are stale.
        Assert.Null(ReplicaRules.Reported(progressed, Eu, ReplicaStatus.CREATING, 30));
        Assert.Null(ReplicaRules.Reported(progressed, Eu, ReplicaStatus.CREATING, 40));
        var active = ReplicaRules.Reported(progressed, Eu, ReplicaStatus.ACTIVE, null);
        Assert.Equal([new ReplicaInfo(Us, ReplicaStatus.ACTIVE), new ReplicaInfo(Eu, ReplicaStatus.ACTIVE)], active!.Replicas);
        Assert.Null(ReplicaRules.Reported(active, Eu, ReplicaStatus.CREATING, 99));
        Assert.Null(ReplicaRules.Reported(active, Eu, ReplicaStatus.ACTIVE, null));

        // The set changed since (a third replica added here): a late report from eu-west-2 keeps it.
        var three = ReplicaRules.Add(active, Us, Ap, Regions, DateTimeOffset.UnixEpoch);
        Assert.Null(ReplicaRules.Reported(three, Eu, ReplicaStatus.ACTIVE, null));
        Assert.Equal([Us, Eu, Ap], ReplicaRules.Reported(three, Ap, ReplicaStatus.CREATING, 10)!.Replicas!.Select(r => r.RegionName));
        // A replica the table does not hold (removed meanwhile) is not added back by its report.
        Assert.Null(ReplicaRules.Reported(Table(), Eu, ReplicaStatus.ACTIVE, null));
    }
}
