using System.ComponentModel;
using GlobalTables.Cli.Admin;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary>Lists the updates last-writer-wins lost, across the regions, reading the server's pages one after another.</summary>
public sealed class ConflictsCommand : AsyncCommand<ConflictsCommand.Settings>
{
    public sealed class Settings : EndpointSettings
    {
        [CommandOption("--table <NAME>")] [Description("Only this table.")]
        public string? Table { get; init; }

        [CommandOption("--region <REGION>")] [Description("Only the conflicts this region detected.")]
        public string? Region { get; init; }

        [CommandOption("--limit <N>")] [Description("Entries per page read from the server (1 to 1000; default 100). Every page is read.")]
        public int? Limit { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var admin = new AdminClient(settings.FrontDoor);
        var rows = await admin.ConflictsAsync(settings.Table, settings.Region, settings.Limit, cancellationToken);
        var table = new Table().Title($"[bold]{rows.Count} lost update(s)[/]")
            .AddColumns("detected", "table", "key", "winner", "loser", "lost image");
        foreach (var r in rows)
            table.AddRow(
                $"{r.DetectedAt:HH:mm:ss.fff} in {RegionColors.Markup(r.DetectedIn)}",
                Markup.Escape(r.Table),
                Markup.Escape(r.Key.ToString()),
                $"{RegionColors.Markup(r.Winner.Region)} {Markup.Escape(r.Winner.Version)}",
                $"{RegionColors.Markup(r.Loser.Region)} {Markup.Escape(r.Loser.Version)}",
                Markup.Escape(r.Loser.Image?.ToString() ?? "(delete)"));
        AnsiConsole.Write(table);
        return 0;
    }
}
