using GlobalTables.Api.Hosting;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.WebConsole;

/// <summary>
/// The front door's /console routes: the page, its script and style sheet (embedded in this assembly, so the console
/// ships with the build and needs no build step of its own), and its live stream, /console/events.
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>Path to (embedded resource, content type).</summary>
    static readonly Dictionary<string, (string Resource, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["/console"] = ("console/index.html", "text/html; charset=utf-8"),
        ["/console/"] = ("console/index.html", "text/html; charset=utf-8"),
        ["/console/console.js"] = ("console/console.js", "text/javascript; charset=utf-8"),
        ["/console/console.css"] = ("console/console.css", "text/css; charset=utf-8"),
    };

    public static Task HandleAsync(HttpContext http, GlobalTablesServer server)
    {
        var path = http.Request.Path.Value ?? "";
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }
        if (path == "/console/events") return ConsoleEvents.StreamAsync(http, server);
        if (Files.TryGetValue(path, out var file)) return ServeAsync(http, file.Resource, file.ContentType);
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return http.Response.WriteAsync("Unknown console route. GET /console, /console/events");
    }

    static async Task ServeAsync(HttpContext http, string resource, string contentType)
    {
        await using var content = typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The console's {resource} is not embedded in the build");
        http.Response.ContentType = contentType;
        // Item values are user data: the page only ever sets them as text, and this forbids any script but its own.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        await content.CopyToAsync(http.Response.Body);
    }
}
