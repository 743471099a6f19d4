using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GlobalTables.Api.Hosting;

/// <summary>A Kestrel listener on loopback that hands every request to one delegate.</summary>
public sealed class HttpListener : IAsyncDisposable
{
    readonly WebApplication _app;

    public Uri Endpoint { get; }

    HttpListener(WebApplication app, Uri endpoint) { _app = app; Endpoint = endpoint; }

    public static async Task<HttpListener> StartAsync(int port, RequestDelegate handler, ILoggerFactory loggerFactory)
    {
        // The default content root is the working directory, which usually holds the data folder, and the
        // default appsettings reload watches it recursively: every SQLite write then woke a file watcher
        // (a quarter of a region's CPU under load). Nothing here reads appsettings, so watch nothing.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        // While its category logs at all, ASP.NET Core starts an Activity and a logging scope for every request (a
        // tenth of what a GetItem allocates); it logs nothing above Information, so the category is off.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.AddServerHeader = false;
            // No server-wide cap: the request pipeline reads up to globaltables.request-body-max itself, so that a
            // larger body gets DynamoDB's bare 413 rather than Kestrel's exception.
            k.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpListener(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
