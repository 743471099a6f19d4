using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using GlobalTables.Api.Protocol;
using GlobalTables.Api.Tests.Items;
using Xunit.Abstractions;

namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>
/// Ten thousand seeded hostile requests through HTTP against a region that holds data: none may get a 500 or end
/// the process, every error must be DynamoDB's, and the data written before must read back unchanged. A failure
/// prints the seed; GLOBALTABLES_HOSTILE_SEED replays it (GLOBALTABLES_HOSTILE_REQUESTS changes the count).
/// </summary>
public sealed class HostileRequestTests(ServerFixture fixture, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    const int DefaultSeed = 20261130;
    const int DefaultRequests = 10_000;
    const int Concurrency = 8;
    const int FailuresShown = 20;

    static int Setting(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [Fact]
    public async Task Hostile_requests_get_DynamoDB_errors_never_a_500_and_change_no_stored_data()
    {
        int seed = Setting("GLOBALTABLES_HOSTILE_SEED", DefaultSeed);
        int count = Setting("GLOBALTABLES_HOSTILE_REQUESTS", DefaultRequests);
        output.WriteLine($"seed={seed} requests={count} (replay: GLOBALTABLES_HOSTILE_SEED={seed})");

        int bodyBytesMax = checked((int)fixture.Server.BodyLimit.BytesMax);
        var guarded = new GuardedData(fixture.Client(), Av.UniqueName("hostile-guarded"));
        var streamArn = await guarded.CreateAsync();
        var generator = new HostileRequestGenerator(seed, guarded.Table, Av.UniqueName("hostile-scratch"), guarded.Keys, streamArn);
        var requests = generator.AtTheSizeLimits(bodyBytesMax).Concat(Enumerable.Range(0, count).Select(_ => generator.Next())).ToList();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var endpoint = fixture.Server.RegionEndpoints["us-east-1"];
        var raw = new RawDynamoClient(http, endpoint);
        var failures = new ConcurrentQueue<string>();
        var answers = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests.Select((request, index) => (request, index)), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (next, ct) =>
            {
                var (request, index) = next;
                try
                {
                    var reply = await raw.SendAsync(request.Target, request.Body, ct: ct);
                    answers.AddOrUpdate(ReplyCheck.Kind(reply), 1, (_, n) => n + 1);
                    if (ReplyCheck.Problem(request, reply, bodyBytesMax) is { } problem) failures.Enqueue($"#{index} {problem}\n    {request}");
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue($"#{index} no answer ({e.Message})\n    {request}");
                }
            });
        output.WriteLine($"{requests.Count} requests in {clock.Elapsed.TotalSeconds:F1} s; answers: " +
                         string.Join(", ", answers.OrderByDescending(a => a.Value).Select(a => $"{a.Key} {a.Value}")));

        // Still serving: the health check answers, and a real client reads back every item written before.
        Assert.StartsWith("healthy", await http.GetStringAsync(endpoint));
        var changed = await guarded.FirstChangeAsync();
        Assert.True(failures.IsEmpty && changed is null,
            $"seed={seed}: {failures.Count} bad replies{(changed is null ? "" : "; stored data changed: " + changed)}\n" +
            string.Join("\n", failures.Take(FailuresShown)));
    }
}
