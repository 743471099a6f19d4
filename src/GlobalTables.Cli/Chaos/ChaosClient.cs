using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Cli.Chaos;

/// <summary>What became of one write: acknowledged, refused (it did not happen), or unknown (no reply).</summary>
public enum WriteOutcome { Acknowledged, Refused, Unknown }

/// <summary>
/// One client in one region: list-appends with unique ids on one key range, plain and conditional,
/// and puts and deletes of unique values on another. Records every write's outcome.
/// </summary>
public sealed class ChaosClient(string name, IAmazonDynamoDB client, string table, int seed, int appendKeys, int putKeys)
{
    public string Name { get; } = name;
    public ConcurrentDictionary<string, (string Key, WriteOutcome Outcome)> Appends { get; } = new();
    public ConcurrentDictionary<string, WriteOutcome> Puts { get; } = new();
    public int Deletes;
    /// <summary>The outcome of every append and put so far.</summary>
    public IEnumerable<WriteOutcome> Outcomes => Appends.Values.Select(a => a.Outcome).Concat(Puts.Values);
    public int ConditionalRefusals;

    public async Task RunAsync(CancellationToken stop)
    {
        var random = new Random(seed);
        for (int n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = $"{Name}-{n}";
            int roll = random.Next(100);
            if (roll < 70) await AppendAsync(id, $"a{random.Next(appendKeys)}", conditional: roll >= 60);
            else if (roll < 90) await PutAsync(id, $"p{random.Next(putKeys)}");
            else await DeleteAsync($"p{random.Next(putKeys)}");
        }
    }

    async Task AppendAsync(string id, string key, bool conditional)
    {
        var request = new UpdateItemRequest
        {
            TableName = table,
            Key = new() { ["pk"] = new(key) },
            UpdateExpression = "SET ids = list_append(if_not_exists(ids, :empty), :me)",
            ExpressionAttributeValues = new() { [":empty"] = new() { L = [] }, [":me"] = new() { L = [new(id)] } },
        };
        if (conditional)
        {
            // Conditions are checked in the local region only, as in DynamoDB; they do not prevent lost updates.
            request.ConditionExpression = "attribute_not_exists(ids) OR size(ids) < :max";
            request.ExpressionAttributeValues[":max"] = new() { N = "100000" };
        }
        Appends[id] = (key, await OutcomeOf(() => client.UpdateItemAsync(request)));
    }

    async Task PutAsync(string id, string key) =>
        Puts[id] = await OutcomeOf(() => client.PutItemAsync(table, new() { ["pk"] = new(key), ["v"] = new(id) }));

    async Task DeleteAsync(string key)
    {
        await OutcomeOf(() => client.DeleteItemAsync(table, new() { ["pk"] = new(key) }));
        Interlocked.Increment(ref Deletes);
    }

    async Task<WriteOutcome> OutcomeOf(Func<Task> write)
    {
        try
        {
            await write();
            return WriteOutcome.Acknowledged;
        }
        catch (ConditionalCheckFailedException)
        {
            Interlocked.Increment(ref ConditionalRefusals);
            return WriteOutcome.Refused;
        }
        catch (AmazonDynamoDBException e) when (e.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.ServiceUnavailable)
        {
            // A refusal before any work: a region down behind the front door, or a table not there yet.
            await Task.Delay(20);
            return WriteOutcome.Refused;
        }
        catch (Exception)
        {
            // No reply: a timeout, a refused connection, a region stopped mid-request. It may or may not have landed.
            await Task.Delay(50);
            return WriteOutcome.Unknown;
        }
    }
}
