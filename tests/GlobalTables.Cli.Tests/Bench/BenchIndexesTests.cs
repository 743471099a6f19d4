using Amazon.DynamoDBv2;
using GlobalTables.Cli.Bench;

namespace GlobalTables.Cli.Tests.Bench;

public sealed class BenchIndexesTests
{
    [Fact]
    public void Every_index_partition_key_holds_a_group_of_records_from_as_many_table_partition_keys()
    {
        var indexes = new BenchIndexes(3, 10_000, ProjectionType.ALL);

        for (var index = 1; index <= indexes.Count; index++)
        {
            var groups = Enumerable.Range(0, 10_000).GroupBy(r => indexes.PartitionKey(index, r)).ToList();
            Assert.Equal(indexes.PartitionKeys, groups.Count);
            Assert.All(groups, g => Assert.Equal(BenchIndexes.GroupSize, g.Count()));
            Assert.All(groups, g => Assert.Equal(BenchIndexes.GroupSize, g.Select(r => KeySpace.PartitionKey(r)).Distinct().Count()));
        }
    }

    [Fact]
    public void No_two_indexes_group_the_records_alike()
    {
        var indexes = new BenchIndexes(2, 1_000, ProjectionType.ALL);

        var first = Enumerable.Range(0, 1_000).Where(r => indexes.PartitionKey(1, r) == indexes.PartitionKey(1, 150)).ToHashSet();
        var second = Enumerable.Range(0, 1_000).Where(r => indexes.PartitionKey(2, r) == indexes.PartitionKey(2, 150)).ToHashSet();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void An_item_carries_the_keys_of_every_index_and_create_table_defines_only_the_defined_ones()
    {
        var indexes = new BenchIndexes(3, 100, ProjectionType.KEYS_ONLY) { Defined = 2 };

        var item = indexes.Item(42, "data");

        Assert.Equal(["data", "gsi1_pk", "gsi1_sk", "gsi2_pk", "gsi2_sk", "gsi3_pk", "gsi3_sk", "pk", "sk"], item.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("42", item["gsi3_sk"].N);
        Assert.Equal(["gsi1", "gsi2"], indexes.DefinedIndexes().Select(i => i.IndexName));
        Assert.All(indexes.DefinedIndexes(), i => Assert.Equal(ProjectionType.KEYS_ONLY, i.Projection.ProjectionType));
        Assert.Equal(42, KeySpace.Record(item["pk"].S, long.Parse(item["sk"].N)));
    }

    [Theory]
    [InlineData("put-only", "21", "--gsis must lie in 0..20.")]
    [InlineData("gsi-backfill", "20", "gsi-backfill creates one GSI more than --gsis, so --gsis must lie in 0..19.")]
    public void Too_many_indexes_are_refused(string workload, string gsis, string error)
    {
        var settings = new BenchCommand.Settings { Workload = workload, GlobalSecondaryIndexes = int.Parse(gsis) };

        Assert.Equal(error, settings.ToOptions(out var options) ?? options!.Validate());
    }
}
