using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The bench table's global secondary indexes (--gsis) and where each item sits in them. Index k
/// (from 1) is gsi{k}, keyed on gsi{k}_pk (S) and gsi{k}_sk (N), and every item carries the key
/// attributes of all <see cref="Count"/> indexes. Records are dealt <see cref="GroupSize"/> to an index
/// partition key: record r lies in round r / P at place r % P (P = <see cref="PartitionKeys"/>), and
/// index k turns each round's places by k times the round. So every index partition key holds one
/// record of each round (GroupSize records, from as many table partition keys once there are 1,000
/// records), and no two indexes group the records alike. The index sort key is the record number,
/// so each item has an index key of its own.
/// </summary>
public sealed record BenchIndexes(int Count, long Records, ProjectionType ProjectionType)
{
    /// <summary>Items per index partition key: what one gsi-query returns, and the Limit of the table query it is set beside.</summary>
    public const int GroupSize = 10;

    public static readonly BenchIndexes None = new(0, 1, ProjectionType.ALL);

    /// <summary>
    /// How many of the indexes CreateTable defines (all, unless set lower): gsi-backfill creates the
    /// last one with UpdateTable, over items that already carry its keys.
    /// </summary>
    public int Defined { get; init; } = Count;

    /// <summary>The indexes of a workload's table: --gsis of them, and at least one for a workload that reads one.</summary>
    public static BenchIndexes For(BenchOptions options, Workload workload) => new(
        workload.ReadsIndex ? Math.Max(1, options.GlobalSecondaryIndexes) : options.GlobalSecondaryIndexes,
        options.Records,
        options.GlobalSecondaryIndexProjection);

    public long PartitionKeys => Math.Max(1, (Records + GroupSize - 1) / GroupSize);

    public static string IndexName(int index) => "gsi" + index.ToString(CultureInfo.InvariantCulture);

    public static string PartitionKeyName(int index) => IndexName(index) + "_pk";

    public static string SortKeyName(int index) => IndexName(index) + "_sk";

    public string PartitionKey(int index, long record)
    {
        var round = record / PartitionKeys;
        var place = (record % PartitionKeys + round * index) % PartitionKeys;
        return "g" + place.ToString("D10", CultureInfo.InvariantCulture);
    }

    public static string SortKey(long record) => record.ToString(CultureInfo.InvariantCulture);

    /// <summary>The bench item of the record with the key attributes of every index.</summary>
    public Dictionary<string, AttributeValue> Item(long record, string data)
    {
        var item = BenchTable.Item(record, data);
        for (var index = 1; index <= Count; index++)
        {
            item[PartitionKeyName(index)] = new AttributeValue { S = PartitionKey(index, record) };
            item[SortKeyName(index)] = new AttributeValue { N = SortKey(record) };
        }
        return item;
    }

    public static List<AttributeDefinition> AttributeDefinitions(int index) =>
    [
        new(PartitionKeyName(index), ScalarAttributeType.S),
        new(SortKeyName(index), ScalarAttributeType.N),
    ];

    public static List<KeySchemaElement> KeySchema(int index) =>
    [
        new(PartitionKeyName(index), KeyType.HASH),
        new(SortKeyName(index), KeyType.RANGE),
    ];

    public Projection Projection => new() { ProjectionType = ProjectionType };

    /// <summary>The indexes CreateTable defines: gsi1 .. gsi{Defined}.</summary>
    public List<GlobalSecondaryIndex> DefinedIndexes() => Enumerable.Range(1, Defined)
        .Select(index => new GlobalSecondaryIndex { IndexName = IndexName(index), KeySchema = KeySchema(index), Projection = Projection })
        .ToList();

    /// <summary>
    /// Query of one index for the index partition key of the record; with <paramref name="exactItem"/>, for the
    /// record's own index key (its sort key too), which finds that one item or nothing.
    /// </summary>
    public QueryRequest Query(string table, int index, long record, bool exactItem = false)
    {
        var request = new QueryRequest
        {
            TableName = table,
            IndexName = IndexName(index),
            KeyConditionExpression = exactItem ? "#pk = :pk AND #sk = :sk" : "#pk = :pk",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = PartitionKeyName(index) },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = new() { S = PartitionKey(index, record) } },
        };
        if (exactItem)
        {
            request.ExpressionAttributeNames["#sk"] = SortKeyName(index);
            request.ExpressionAttributeValues[":sk"] = new AttributeValue { N = SortKey(record) };
        }
        return request;
    }
}
