using GlobalTables.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The HTTP floor of this machine: the same Kestrel listener the regions use, on loopback, answering
/// every request with 200 and <c>{}</c>, hit by the same SDK client with GetItem. No parsing, no storage.
/// </summary>
public sealed class KestrelFloor : IBenchTarget
{
    private readonly BenchOptions _options;
    private HttpListener? _listener;
    private DynamoTarget? _client;

    public KestrelFloor(BenchOptions options) => _options = options;

    public string Endpoint { get; private set; } = "";

    public async Task SetupAsync(BenchProgress progress, CancellationToken cancellationToken)
    {
        if (_listener is not null) return;
        progress.Report("starting Kestrel", 0);
        _listener = await HttpListener.StartAsync(0, static async context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.WriteAsync("{}");
        }, NullLoggerFactory.Instance);
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
