using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The HTTP floor of this machine: an in-process Kestrel on loopback that answers every request
/// with 200 and <c>{}</c>, hit by the same SDK client with GetItem. No parsing, no storage.
/// </summary>
public sealed class KestrelFloor : IBenchTarget
{
    private readonly BenchOptions _options;
    private WebApplication? _app;
    private DynamoTarget? _client;

    public KestrelFloor(BenchOptions options) => _options = options;

    public string Endpoint { get; private set; } = "";

    public static async Task<WebApplication> StartServerAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Run(static async context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.WriteAsync("{}");
        });
        await app.StartAsync(cancellationToken);
        return app;
    }

    public static string AddressOf(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses?.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no address.");
    }

    public async Task SetupAsync(BenchProgress progress, CancellationToken cancellationToken)
    {
        if (_app is not null) return;
        progress.Report("starting Kestrel", 0);
        _app = await StartServerAsync(cancellationToken);
        Endpoint = AddressOf(_app);
        _client = new DynamoTarget(_options, YcsbWorkloads.GetOnly, Endpoint) { CreatesTable = false };
    }

    public IBenchWorker CreateWorker(int index, Random random, WorkerRecorder recorder)
        => (_client ?? throw new InvalidOperationException("SetupAsync first.")).CreateWorker(index, random, recorder);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null) await _client.DisposeAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
