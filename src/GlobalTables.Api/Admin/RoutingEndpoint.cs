using System.Text.Json;
using GlobalTables.Api.Hosting;
using GlobalTables.Model.Validation;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Admin;

/// <summary>
/// The front door's routing, read and changed while it serves:
/// <c>GET /_admin/routing</c>;
/// <c>POST /_admin/routing/default?mode=M&amp;regions=R1,R2</c> (either or both);
/// <c>POST /_admin/routing/tables/{table}?regions=R1,R2</c> and <c>DELETE /_admin/routing/tables/{table}</c>;
/// the same under <c>clients/{accessKeyId}</c>.
/// Each answers the routing now in force, shaped as config/routing.json. A change applies from the next request and
/// lasts until the process stops; the file is not written. A mode or region that is not valid is a
/// ValidationException naming the valid ones, and changes nothing.
/// </summary>
public static class RoutingEndpoint
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static Task GetAsync(HttpContext http, FrontDoorRouter router) => WriteAsync(http, router.Routing);

    /// <summary>A change to the default (<paramref name="name"/> null), or to one table's or client's list (<paramref name="kind"/> "tables" or "clients").</summary>
    public static async Task ChangeAsync(HttpContext http, FrontDoorRouter router, string kind, string? name)
    {
        var remove = HttpMethods.IsDelete(http.Request.Method);
        string? mode = http.Request.Query["mode"], regionsText = http.Request.Query["regions"];
        var regions = regionsText?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var set = remove ? null : regions ?? [];
        var problem = RequestProblem(kind, remove, mode, regions) ?? router.Change(kind switch
        {
            "tables" => r => r.WithTable(name!, set),
            "clients" => r => r.WithClient(name!, set),
            _ => r => r.WithDefault(mode, regions),
        });
        if (problem is not null)
        {
            await GlobalTablesServer.WriteErrorAsync(http, DynamoException.Validation(problem));
            return;
        }
        await WriteAsync(http, router.Routing);
    }

    /// <summary>What a request asks that its scope cannot take, before the routing it would make is checked.</summary>
    static string? RequestProblem(string kind, bool remove, string? mode, List<string>? regions) => kind switch
    {
        "default" when mode is null && regions is null => $"give mode={string.Join("|", FrontDoorRouting.Modes)}, regions=R1,R2 or both",
        "default" => null,
        // A table's or client's list is always a failover list; the other mode is the default's.
        _ when mode is not null && mode != FrontDoorRouting.Failover =>
            $"mode \"{mode}\" does not apply to {kind}: their lists are always {FrontDoorRouting.Failover}; DELETE one to route it by the default again",
        _ when !remove && regions is null => "give regions=R1,R2, the regions to try in order",
        _ => null,
    };

    static async Task WriteAsync(HttpContext http, FrontDoorRouting routing)
    {
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, routing, Json);
    }
}
