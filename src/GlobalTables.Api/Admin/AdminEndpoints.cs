using GlobalTables.Api.Hosting;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Admin;

/// <summary>The front door's /_admin routes: observation (GET), fault actions and routing changes (POST, DELETE).</summary>
public static class AdminEndpoints
{
    public static Task HandleAsync(HttpContext http, GlobalTablesServer server)
    {
        var path = http.Request.Path.Value ?? "";
        if (HttpMethods.IsGet(http.Request.Method))
        {
            switch (path)
            {
                case "/_admin/conflicts": return ConflictsEndpoint.HandleAsync(http, server.Regions);
                case "/_admin/replication": return ReplicationEndpoint.HandleAsync(http, server.Regions);
                case "/_admin/writes": return WritesEndpoint.HandleAsync(http, server.Regions);
                case "/_admin/regions": return RegionsEndpoint.HandleAsync(http, server);
                case "/_admin/indexes": return IndexesEndpoint.HandleAsync(http, server.Regions);
                case "/_admin/routing": return RoutingEndpoint.GetAsync(http, server.Router);
                case "/_admin/tables": return TablesEndpoint.HandleAsync(http, server.Regions);
                case "/_admin/items": return ItemsEndpoint.HandleAsync(http, server);
            }
        }
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (HttpMethods.IsPost(http.Request.Method) && parts is ["_admin", "regions", var region, var action])
            return RegionActionEndpoint.HandleAsync(http, server, region, action);
        if (HttpMethods.IsPost(http.Request.Method) && parts is ["_admin", "routing", "default"])
            return RoutingEndpoint.ChangeAsync(http, server.Router, "default", null);
        if ((HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsDelete(http.Request.Method)) && parts is ["_admin", "routing", "tables" or "clients", var name])
            return RoutingEndpoint.ChangeAsync(http, server.Router, parts[2], name);
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return http.Response.WriteAsync("Unknown admin route. GET /_admin/{conflicts,replication,writes,regions,indexes,tables,items,routing}; POST /_admin/regions/{region}/{fail,recover,isolate,heal,latency}; " +
            "POST /_admin/routing/default?mode=M&regions=R1,R2; POST or DELETE /_admin/routing/{tables,clients}/{name}?regions=R1,R2");
    }
}
