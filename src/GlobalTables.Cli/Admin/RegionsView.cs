using Spectre.Console;

namespace GlobalTables.Cli.Admin;

/// <summary>Renders /_admin/regions: state, RTO, RPO, every link's backlog, and why a link is down.</summary>
public static class RegionsView
{
    public static void Write(IReadOnlyList<RegionRow> regions)
    {
        var table = new Table().Title("[bold]Regions[/]").AddColumns("region", "state", "endpoint", "RTO now / last (ms)", "RPO (writes)", "links");
        foreach (var r in regions)
        {
            var state = r.State switch { "up" => "[green]up[/]", "isolated" => "[yellow]isolated[/]", _ => "[red]failed[/]" };
            var links = string.Join("\n", r.Links.Select(l =>
                $"→ {RegionColors.Markup(l.To)} {Markup.Escape(l.Table)} {Markup.Escape(l.State + (l.DownReason is { } reason ? $" ({reason})" : ""))} {l.LatencyMs:0}ms pending {l.Pending} backlog {l.Backlog}"));
            table.AddRow(RegionColors.Markup(r.Name), state, Markup.Escape(r.Endpoint ?? "-"),
                $"{(r.CurrentRtoMs is { } c ? $"{c:0}" : "-")} / {(r.LastRtoMs is { } l ? $"{l:0}" : "-")}",
                r.RpoWrites?.ToString() ?? "-", links.Length == 0 ? "-" : links);
        }
        AnsiConsole.Write(table);
    }
}
