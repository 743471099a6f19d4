using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Forwarder;

namespace GlobalTables.Api.Hosting;

/// <summary>
/// Sends a front-door request for a region served by another process to one of its healthy nodes, unchanged, and
/// the node's answer back unchanged, with YARP's forwarder. The request keeps every header, Host included, so the
/// SigV4 signature the client made for the front door still verifies at the node.
/// </summary>
public sealed class RemoteRegionForwarder : IDisposable
{
    public enum Outcome
    {
        /// <summary>A node answered; its answer went back to the client.</summary>
        Answered,
        /// <summary>No healthy node took the request: each refused the connection, so nothing reached any of them.</summary>
        Refused,
        /// <summary>A node had the request but gave no whole answer: it may have applied it.</summary>
        Lost,
        /// <summary>The client went away, or failed while its request or answer was being copied: no one to answer.</summary>
        Abandoned,
    }

    // HTTP/1.1 as the nodes' Kestrel serves it over plain HTTP; YARP's default would try HTTP/2 first.
    static readonly ForwarderRequestConfig Config = new() { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };

    readonly ServiceProvider _services;
    readonly IHttpForwarder _forwarder;

    /// <summary>The connections to the remote nodes; the health checks use them too.</summary>
    public HttpMessageInvoker Client { get; }

    public RemoteRegionForwarder(FrontDoorSettings settings)
    {
        // YARP would log every failed forward; a node's failure is logged once per change by RemoteNode instead.
        _services = new ServiceCollection().AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddLogging().AddHttpForwarder().BuildServiceProvider();
        _forwarder = _services.GetRequiredService<IHttpForwarder>();
        // As YARP advises for a forwarder's client: no proxy, redirects, decompression or cookies, and no trace
        // headers added, so the node sees exactly what the client sent.
        Client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
            ConnectTimeout = TimeSpan.FromMilliseconds(settings.ConnectTimeoutMs),
        }, disposeHandler: true);
    }

    /// <summary>
    /// Forwards to the region's healthy nodes in turn until one answers. The next node is tried only when the last
    /// never received the request (its connection was refused or timed out), since a write that reached a node may
    /// have been applied and DynamoDB writes are not all idempotent (ADD, conditions). A node that failed is marked
    /// unhealthy until a health check finds it well.
    /// </summary>
    public async Task<Outcome> ForwardAsync(HttpContext http, RemoteRegion region)
    {
        // Buffered, so that a read of the body shows in its position: the proof that nothing was sent.
        http.Request.EnableBuffering();
        foreach (var node in region.HealthyNodes())
        {
            var error = await _forwarder.SendAsync(http, node.Endpoint.ToString(), Client, Config, HttpTransformer.Empty, http.RequestAborted);
            if (error == ForwarderError.None) return Outcome.Answered;
            if (!IsNodeFailure(error)) return Outcome.Abandoned;
            var exception = http.Features.Get<IForwarderErrorFeature>()?.Exception;
            node.Report(false, exception?.GetBaseException().Message ?? error.ToString());
            if (!NeverSent(http, error, exception)) return Outcome.Lost;
            // YARP set 502 on the response it has not started: clear it for the next node's answer.
            http.Response.Clear();
        }
        return Outcome.Refused;
    }

    static bool IsNodeFailure(ForwarderError error) =>
        error is ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination;

    static bool NeverSent(HttpContext http, ForwarderError error, Exception? exception) =>
        error is ForwarderError.Request or ForwarderError.RequestTimedOut && http.Request.Body.Position == 0 && !http.Response.HasStarted &&
        exception switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
            // SocketsHttpHandler's ConnectTimeout ran out.
            OperationCanceledException { InnerException: TimeoutException } => true,
            _ => false,
        };

    public void Dispose()
    {
        Client.Dispose();
        _services.Dispose();
    }
}
