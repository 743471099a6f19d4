using System.Text.Json;
using GlobalTables.Api.Hosting;
using Spectre.Console;

namespace GlobalTables.Cli.Admin;

/// <summary>Renders /_admin/routing: a row per scope, in the order the front door consults them, or the routing.json shape.</summary>
public static class RoutingView
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(FrontDoorRouting routing, bool json)
    {
        if (json)
        {
            // Plain stdout, so the output can be saved as config/routing.json.
            Console.Out.WriteLine(JsonSerializer.Serialize(routing, Indented));
            return;
        }
        var table = new Table().Title("[bold]Front door routing[/]").AddColumns("scope", "mode", "regions, in order")
            .Caption("A client's list comes first, then the table's, then the default. Changes last until the front door stops.");
        foreach (var (client, regions) in routing.Clients) table.AddRow($"client {Markup.Escape(client)}", FrontDoorRouting.Failover, List(regions));
        foreach (var (name, regions) in routing.Tables) table.AddRow($"table {Markup.Escape(name)}", FrontDoorRouting.Failover, List(regions));
        table.AddRow("default", Markup.Escape(routing.Mode),
            routing.Mode == FrontDoorRouting.Failover ? List(routing.DefaultRegions) : "[grey]the region each request is signed for[/]");
        AnsiConsole.Write(table);
    }

    static string List(IEnumerable<string> regions) => string.Join(" → ", regions.Select(RegionColors.Markup));
}
