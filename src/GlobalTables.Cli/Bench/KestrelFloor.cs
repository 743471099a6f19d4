using System.Text.Json;
using GlobalTables.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The HTTP floor of this machine: the same Kestrel listener the regions use, on loopback, parsing each request's JSON
/// body and answering 200 and <c>{}</c>, hit by the same SDK client. No storage, no actors. In process with the client
/// (the floor-kestrel workload, ops/s only), or served alone (<c>bench --serve-floor</c>), where bench/compare.sh
/// measures its CPU per request as it does every system's.
/// </summary>
public sealed class KestrelFloor : IBenchTarget
{
    private readonly BenchOptions _options;
    private HttpListener? _listener;
    private DynamoTarget? _client;

    public KestrelFloor(BenchOptions options) => _options = options;

    public string Endpoint { get; private set; } = "";

    /// <summary>Starts the floor on <paramref name="port"/> (0 for any free one).</summary>
    public static Task<HttpListener> ListenAsync(int port) =>
        HttpListener.StartAsync(port, static async context =>
        {
            // Parsed and dropped: the least any DynamoDB server does with a request.
            if (context.Request.ContentLength > 0)
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            }
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.WriteAsync("{}");
        }, NullLoggerFactory.Instance);

    public async Task SetupAsync(BenchProgress progress, CancellationToken cancellationToken)
    {
        if (_listener is not null) return;
        progress.Report("starting Kestrel", 0);
        _listener = await ListenAsync(0);
        Endpoint = _listener.Endpoint.ToString();
        _client = new DynamoTarget(_options, YcsbWorkloads.GetOnly, Endpoint) { CreatesTable = false };
    }

    public IBenchWorker CreateWorker(int index, Random random, WorkerRecorder recorder)
        => (_client ?? throw new InvalidOperationException("SetupAsync first.")).CreateWorker(index, random, recorder);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null) await _client.DisposeAsync();
        if (_listener is not null) await _listener.DisposeAsync();
    }
}
