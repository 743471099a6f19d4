using GlobalTables.Cli.Admin;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary>Shows each region's state, RTO and RPO, and each replication link's latency (p50, p99, last) and what it still has to deliver.</summary>
public sealed class StatusCommand : AsyncCommand<JsonOutputSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, JsonOutputSettings settings, CancellationToken cancellationToken)
    {
        using var admin = new AdminClient(settings.FrontDoor);
        var regions = await admin.RegionsAsync(cancellationToken);
        var links = await admin.ReplicationAsync(cancellationToken);
        if (settings.Json)
        {
            JsonOutputSettings.Write(new { regions, replication = links });
            return 0;
        }
        RegionsView.Write(regions);
        var table = new Table().Title("[bold]ReplicationLatency[/]")
            .AddColumns("source", "destination", "table", "p50 ms", "p99 ms", "last ms", "samples", "pending", "backlog");
        foreach (var l in links)
            table.AddRow(RegionColors.Markup(l.Source), RegionColors.Markup(l.Destination), Markup.Escape(l.Table),
                $"{l.P50Ms:0.0}", $"{l.P99Ms:0.0}", $"{l.LastMs:0.0}", l.Samples.ToString(), l.Pending.ToString(), l.Backlog.ToString());
        if (links.Count == 0) table.Caption("no global tables yet");
        AnsiConsole.Write(table);
        return 0;
    }
}
