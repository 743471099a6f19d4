using System.Text.Json.Nodes;

namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>
/// A body for each operation the endpoint serves, shaped like a real client's but aimed at any table name and
/// carrying hostile expressions and values. Writes touch only keys the guarded data does not use, DeleteTable never
/// names the guarded table, and UpdateTable changes nothing of it but settings.
/// </summary>
public sealed class RequestBodies(Random random, TableNames tables, ItemShapes items, HostileExpressions expressions, string streamArn)
{
    static readonly string[] ReturnValues = ["NONE", "ALL_OLD", "ALL_NEW", "UPDATED_OLD", "UPDATED_NEW", "SOME"];
    static readonly string[] Capacities = ["NONE", "TOTAL", "INDEXES", "EVERYTHING"];

    public JsonObject For(string operation) => operation switch
    {
        "CreateTable" => CreateTable(),
        "DescribeTable" => new() { ["TableName"] = tables.Any() },
        "DeleteTable" => new() { ["TableName"] = tables.Deletable() },
        "UpdateTable" => UpdateTable(),
        "ListTables" => new() { ["Limit"] = random.Next(-1, 102), ["ExclusiveStartTableName"] = random.Next(2) == 0 ? tables.Any() : null },
        "DescribeLimits" or "DescribeEndpoints" => [],
        "PutItem" => PutItem(),
        "GetItem" => GetItem(),
        "UpdateItem" => UpdateItem(),
        "DeleteItem" => DeleteItem(),
        "Query" => Query(),
        "Scan" => Scan(),
        "BatchGetItem" => BatchGetItem(),
        "BatchWriteItem" => BatchWriteItem(random.Next(2) == 0 ? 25 + random.Next(2) : random.Next(1, 5)),
        "TransactWriteItems" => TransactWriteItems(random.Next(2) == 0 ? 100 + random.Next(2) : random.Next(1, 5)),
        "TransactGetItems" => TransactGetItems(),
        "ListStreams" => new() { ["TableName"] = tables.Any(), ["Limit"] = random.Next(0, 102) },
        "DescribeStream" => new() { ["StreamArn"] = StreamArn(), ["Limit"] = random.Next(0, 102), ["ExclusiveStartShardId"] = random.Next(2) == 0 ? "shardId-x" : null },
        "GetShardIterator" => GetShardIterator(),
        "GetRecords" => new() { ["ShardIterator"] = random.Next(2) == 0 ? "AAAA" + random.Next() : Convert.ToBase64String(new byte[random.Next(1, 300)]), ["Limit"] = random.Next(0, 1002) },
        "TagResource" => new() { ["ResourceArn"] = ResourceArn(), ["Tags"] = random.Next(8) == 0 ? null : TagList() },
        "UntagResource" => new() { ["ResourceArn"] = ResourceArn(), ["TagKeys"] = random.Next(8) == 0 ? null : new JsonArray(TagStrings().Select(k => (JsonNode?)k).ToArray()) },
        "ListTagsOfResource" => new() { ["ResourceArn"] = ResourceArn(), ["NextToken"] = random.Next(2) == 0 ? TagString() : null },
        "DescribeTimeToLive" => new() { ["TableName"] = tables.Any() },
        "UpdateTimeToLive" => new()
        {
            ["TableName"] = tables.Any(),
            ["TimeToLiveSpecification"] = new JsonObject { ["Enabled"] = random.Next(2) == 0, ["AttributeName"] = random.Next(5) == 0 ? "" : Pick(["expires", "ttl", "pk"]) },
        },
        "CreateBackup" => new() { ["TableName"] = tables.Any(), ["BackupName"] = Pick(["nightly", "b", "bad name!", new string('n', 256)]) },
        "DescribeBackup" or "DeleteBackup" => new() { ["BackupArn"] = BackupArn() },
        "ListBackups" => new()
        {
            ["TableName"] = random.Next(2) == 0 ? tables.Any() : null, ["Limit"] = random.Next(-1, 102),
            ["TimeRangeLowerBound"] = random.Next(2) == 0 ? random.NextDouble() * 2e9 : null, ["BackupType"] = Pick(["USER", "ALL", "SYSTEM", "BOGUS"]),
            ["ExclusiveStartBackupArn"] = random.Next(2) == 0 ? BackupArn() : null,
        },
        "RestoreTableFromBackup" => new()
        {
            ["TargetTableName"] = random.Next(2) == 0 ? tables.Scratch : tables.Refusable(), ["BackupArn"] = BackupArn(),
            ["BillingModeOverride"] = random.Next(2) == 0 ? Pick(["PROVISIONED", "PAY_PER_REQUEST", "FREE"]) : null,
        },
        "UpdateContinuousBackups" => new()
        {
            ["TableName"] = tables.Any(),
            ["PointInTimeRecoverySpecification"] = new JsonObject
            {
                ["PointInTimeRecoveryEnabled"] = random.Next(2) == 0, ["RecoveryPeriodInDays"] = random.Next(2) == 0 ? random.Next(-1, 40) : null,
            },
        },
        "DescribeContinuousBackups" => new() { ["TableName"] = tables.Any() },
        "RestoreTableToPointInTime" => new()
        {
            ["SourceTableName"] = tables.Any(), ["TargetTableName"] = random.Next(2) == 0 ? tables.Scratch : tables.Refusable(),
            ["UseLatestRestorableTime"] = random.Next(2) == 0, ["RestoreDateTime"] = random.Next(2) == 0 ? random.NextDouble() * 2e9 : null,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    string BackupArn() => random.Next(3) switch
    {
        0 => $"arn:aws:dynamodb:us-east-1:000000000000:table/{tables.Any()}/backup/0{random.NextInt64(1_000_000_000_000, 1_999_999_999_999)}-0123abcd",
        1 => "not-an-arn",
        _ => new string('a', random.Next(0, 1100)),
    };

    JsonObject CreateTable()
    {
        var name = random.Next(3) switch { 0 => tables.Guarded, 1 => tables.Scratch, _ => tables.Refusable() };
        var body = new JsonObject
        {
            ["TableName"] = name,
            ["BillingMode"] = random.Next(4) == 0 ? "PROVISIONED" : "PAY_PER_REQUEST",
            ["AttributeDefinitions"] = new JsonArray(Definition("pk", "S"), Definition("sk", random.Next(4) == 0 ? "X" : "S")),
            ["KeySchema"] = new JsonArray(KeyElement("pk", "HASH"), KeyElement("sk", random.Next(4) == 0 ? "HASH" : "RANGE")),
        };
        if (random.Next(4) == 0) body["KeySchema"]!.AsArray().Add(KeyElement("third", "RANGE"));
        return body;
    }

    static JsonObject Definition(string name, string type) => new() { ["AttributeName"] = name, ["AttributeType"] = type };

    static JsonObject KeyElement(string name, string type) => new() { ["AttributeName"] = name, ["KeyType"] = type };

    JsonObject UpdateTable()
    {
        var body = new JsonObject { ["TableName"] = tables.Any() };
        switch (random.Next(3))
        {
            case 0: body["StreamSpecification"] = new JsonObject { ["StreamEnabled"] = true, ["StreamViewType"] = random.Next(2) == 0 ? "NEW_AND_OLD_IMAGES" : "ALL" }; break;
            case 1: body["BillingMode"] = random.Next(2) == 0 ? "PAY_PER_REQUEST" : "PROVISIONED"; break;
            default: body["ProvisionedThroughput"] = new JsonObject { ["ReadCapacityUnits"] = random.Next(-1, 3), ["WriteCapacityUnits"] = random.Next(-1, 3) }; break;
        }
        // Replica changes only for tables that are not the guarded one: a replica would outlive the run.
        if (random.Next(4) == 0) body = new JsonObject { ["TableName"] = tables.Deletable(), ["ReplicaUpdates"] = new JsonArray(new JsonObject { ["Create"] = new JsonObject { ["RegionName"] = "xx-nowhere-1" } }) };
        return body;
    }

    JsonObject PutItem()
    {
        var body = new JsonObject { ["TableName"] = tables.Any(), ["Item"] = random.Next(5) == 0 ? items.BrokenKey() : items.Item(), ["ReturnValues"] = Pick(ReturnValues) };
        if (random.Next(2) == 0) Attach(body, "ConditionExpression", expressions.Condition());
        return body;
    }

    JsonObject GetItem()
    {
        var body = new JsonObject { ["TableName"] = tables.Any(), ["Key"] = random.Next(5) == 0 ? items.BrokenKey() : items.ReadableKey(), ["ConsistentRead"] = random.Next(2) == 0 };
        if (random.Next(2) == 0) Attach(body, "ProjectionExpression", expressions.Projection());
        return body;
    }

    JsonObject UpdateItem()
    {
        var body = new JsonObject { ["TableName"] = tables.Any(), ["Key"] = random.Next(5) == 0 ? items.BrokenKey() : items.WritableKey(), ["ReturnValues"] = Pick(ReturnValues) };
        Attach(body, "UpdateExpression", expressions.Update());
        if (random.Next(2) == 0) Attach(body, "ConditionExpression", expressions.Condition());
        return body;
    }

    JsonObject DeleteItem()
    {
        var body = new JsonObject { ["TableName"] = tables.Any(), ["Key"] = random.Next(5) == 0 ? items.BrokenKey() : items.WritableKey() };
        if (random.Next(2) == 0) Attach(body, "ConditionExpression", expressions.Condition());
        return body;
    }

    JsonObject Query()
    {
        var body = new JsonObject { ["TableName"] = tables.Any(), ["Limit"] = random.Next(-1, 50), ["ReturnConsumedCapacity"] = Pick(Capacities) };
        Attach(body, "KeyConditionExpression", expressions.KeyCondition(items.ReadableKey()));
        if (random.Next(3) == 0) Attach(body, "FilterExpression", expressions.Condition());
        if (random.Next(3) == 0) Attach(body, "ProjectionExpression", expressions.Projection());
        if (random.Next(4) == 0) body["ExclusiveStartKey"] = random.Next(2) == 0 ? items.BrokenKey() : items.ReadableKey();
        return body;
    }

    JsonObject Scan()
    {
        var body = new JsonObject { ["TableName"] = tables.Any(), ["Limit"] = random.Next(-1, 50) };
        if (random.Next(2) == 0) Attach(body, "FilterExpression", expressions.Condition());
        if (random.Next(3) == 0) Attach(body, "ProjectionExpression", expressions.Projection());
        if (random.Next(4) == 0) (body["Segment"], body["TotalSegments"]) = (random.Next(-1, 5), random.Next(0, 5));
        return body;
    }

    JsonObject BatchGetItem()
    {
        int count = random.Next(2) == 0 ? 100 + random.Next(2) : random.Next(1, 5);
        var keys = new JsonArray(Enumerable.Range(0, count).Select(_ => (JsonNode?)(random.Next(10) == 0 ? items.BrokenKey() : items.ReadableKey())).ToArray());
        var perTable = new JsonObject { ["Keys"] = keys, ["ConsistentRead"] = random.Next(2) == 0 };
        if (random.Next(3) == 0) Attach(perTable, "ProjectionExpression", expressions.Projection());
        return new JsonObject { ["RequestItems"] = new JsonObject { [tables.Any()] = perTable } };
    }

    JsonObject BatchWriteItem(int count)
    {
        var writes = new JsonArray(Enumerable.Range(0, count).Select(_ => (JsonNode?)(random.Next(3) == 0
            ? new JsonObject { ["DeleteRequest"] = new JsonObject { ["Key"] = items.WritableKey() } }
            : new JsonObject { ["PutRequest"] = new JsonObject { ["Item"] = items.Item() } })).ToArray());
        return new JsonObject { ["RequestItems"] = new JsonObject { [tables.Any()] = writes } };
    }

    JsonObject TransactWriteItems(int count)
    {
        var actions = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            var action = new JsonObject { ["TableName"] = tables.Any(), ["Key"] = items.WritableKey() };
            string kind = Pick(["Put", "Update", "Delete", "ConditionCheck"]);
            if (kind == "Put")
            {
                action.Remove("Key");
                action["Item"] = items.Item();
            }
            if (kind == "Update") Attach(action, "UpdateExpression", expressions.Update());
            if (kind == "ConditionCheck" || random.Next(3) == 0) Attach(action, "ConditionExpression", expressions.Condition());
            actions.Add(new JsonObject { [kind] = action });
        }
        return new JsonObject { ["TransactItems"] = actions, ["ClientRequestToken"] = random.Next(3) == 0 ? "token-" + random.Next(10) : null };
    }

    JsonObject TransactGetItems()
    {
        int count = random.Next(2) == 0 ? 100 + random.Next(2) : random.Next(1, 5);
        return new JsonObject
        {
            ["TransactItems"] = new JsonArray(Enumerable.Range(0, count)
                .Select(_ => (JsonNode?)new JsonObject { ["Get"] = new JsonObject { ["TableName"] = tables.Any(), ["Key"] = items.ReadableKey() } }).ToArray()),
        };
    }

    JsonObject GetShardIterator()
    {
        var type = Pick(["TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "SOMEWHERE"]);
        return new JsonObject
        {
            ["StreamArn"] = StreamArn(), ["ShardId"] = random.Next(2) == 0 ? "shardId-00000001" : "nonsense", ["ShardIteratorType"] = type,
            ["SequenceNumber"] = random.Next(2) == 0 ? ItemShapes.Number(random.Next()) : null,
        };
    }

    string? ResourceArn() => random.Next(6) switch
    {
        0 => null,
        1 => "",
        2 => "a:b:c:d:e:f/" + tables.Any(),
        3 => "arn:aws:dynamodb:eu-west-2:000000000000:table/" + tables.Any(),
        _ => "arn:aws:dynamodb:us-east-1:000000000000:table/" + tables.Any(),
    };

    /// <summary>Up to 52 tags, some with a key or value left out, or made of the strings DynamoDB refuses.</summary>
    JsonArray TagList() => new(Enumerable.Range(0, random.Next(4) == 0 ? 52 : random.Next(0, 4)).Select(_ =>
    {
        var tag = new JsonObject();
        if (random.Next(10) > 0) tag["Key"] = TagString();
        if (random.Next(10) > 0) tag["Value"] = TagString();
        return (JsonNode?)tag;
    }).ToArray());

    IEnumerable<string> TagStrings() => Enumerable.Range(0, random.Next(4) == 0 ? 51 : random.Next(0, 4)).Select(_ => TagString());

    string TagString() => Pick(["env", "team", "", "aws:owner", "a#b", "100%", "ключ", "🔑", new string('k', 129), new string('v', 257), "k" + random.Next(60)]);

    string StreamArn() => random.Next(3) switch
    {
        0 => streamArn,
        1 => streamArn.Replace(tables.Guarded, tables.Missing(), StringComparison.Ordinal),
        _ => "arn:aws:dynamodb:us-east-1:000000000000:table/" + tables.Refusable() + "/stream/2020",
    };

    /// <summary>Sets the expression and merges its placeholders into the body's maps.</summary>
    static void Attach(JsonObject body, string member, ExpressionParts parts)
    {
        body[member] = parts.Text;
        Merge(body, "ExpressionAttributeNames", parts.Names);
        Merge(body, "ExpressionAttributeValues", parts.Values);
    }

    static void Merge(JsonObject body, string member, JsonObject? entries)
    {
        if (entries is null) return;
        if (body[member] is not JsonObject map) body[member] = map = [];
        foreach (var (key, value) in entries) map[key] = value?.DeepClone();
    }

    string Pick(string[] options) => options[random.Next(options.Length)];
}
