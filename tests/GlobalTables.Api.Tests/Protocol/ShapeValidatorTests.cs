using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Tests.Protocol;

/// <summary>The shape validator shared by every request: safe on many threads at once, with every model pattern usable.</summary>
public sealed class ShapeValidatorTests
{
    static string? ErrorOf(ShapeValidator validator, string operation, string body)
    {
        using var document = JsonDocument.Parse(body);
        try
        {
            validator.Validate(operation, document.RootElement);
            return null;
        }
        catch (DynamoException e) { return e.Message; }
    }

    static string PatternError(string value, string member) =>
        $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";

    [Fact]
    public void A_fresh_validator_answers_alike_on_many_threads_at_once()
    {
        // A validator no request has used yet, so that every thread meets its patterns for the first time together.
        var validator = ShapeValidator.Load("dynamodb-shapes.json");
        (string Operation, string Body, string? Error)[] cases =
        [
            ("DescribeTable", """{"TableName":"good_name.1"}""", null),
            ("DescribeTable", """{"TableName":"bad name!"}""", PatternError("bad name!", "tableName")),
            ("ListTables", """{"ExclusiveStartTableName":"x!y"}""", PatternError("x!y", "exclusiveStartTableName")),
            ("Query", """{"TableName":"t-1","IndexName":"i i"}""", PatternError("i i", "indexName")),
            ("Query", """{"TableName":"t-1","IndexName":"index_1"}""", null),
            ("DescribeBackup", """{"BackupArn":"arn:aws:dynamodb:us-east-1:000000000000:table/t/backup/1"}""", null),
        ];
        const int threads = 16, rounds = 200;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int round = 0; round < rounds; round++)
            {
                var (operation, body, expected) = cases[(t + round) % cases.Length];
                var actual = ErrorOf(validator, operation, body);
                if (actual != expected) failures.Add($"{operation} {body}: {actual ?? "no error"}");
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Empty(failures);
    }

    [Fact]
    public void Patterns_written_for_Java_mean_the_same_here()
    {
        var validator = ShapeValidator.Load("dynamodb-shapes.json");
        // AutoScalingPolicyName is \p{Print}+: printable ASCII.
        const string update = """{"TableName":"abc","GlobalSecondaryIndexUpdates":[{"IndexName":"idx","ProvisionedWriteCapacityAutoScalingUpdate":{"ScalingPolicyUpdate":{"PolicyName":"$P","TargetTrackingScalingPolicyConfiguration":{"TargetValue":50}}}}]}""";
        Assert.Null(ErrorOf(validator, "UpdateTableReplicaAutoScaling", update.Replace("$P", "policy 1 (~)", StringComparison.Ordinal)));
        Assert.Contains("Member must satisfy regular expression pattern: \\p{Print}+",
            ErrorOf(validator, "UpdateTableReplicaAutoScaling", update.Replace("$P", "tab\\there", StringComparison.Ordinal)));
        Assert.NotNull(ShapeValidator.Load("dynamodbstreams-shapes.json"));
    }
}
