using GlobalTables.Api.Hosting;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Admin;

/// <summary>POST /_admin/regions/{region}/{fail|recover|isolate|heal|latency?peer=P&amp;ms=N}.</summary>
public static class RegionActionEndpoint
{
    public static async Task HandleAsync(HttpContext http, GlobalTablesServer server, string region, string action)
    {
        if (server.Hosts.All(h => h.Name != region))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsync($"No region {region} is hosted here");
            return;
        }
        switch (action)
        {
            case "fail": await server.FailAsync(region); break;
            case "recover": await server.RecoverAsync(region); break;
            case "isolate": server.Isolate(region, true); break;
            case "heal": server.Isolate(region, false); break;
            case "latency":
                if (!int.TryParse(http.Request.Query["ms"], out var ms) || ms < 0)
                {
                    http.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await http.Response.WriteAsync("latency needs ms=N (N >= 0) and optionally peer=REGION");
                    return;
                }
                string? peer = http.Request.Query["peer"];
                foreach (var p in server.Hosts.Where(h => h.Name != region && (peer is null || h.Name == peer)))
                    server.SetLatency(region, p.Name, ms);
                break;
            default:
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await http.Response.WriteAsync($"Unknown action {action}; use fail, recover, isolate, heal or latency");
                return;
        }
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync($$"""{"region":"{{region}}","action":"{{action}}","state":"{{server.Hosts.First(h => h.Name == region).State}}"}""");
    }
}
