using System.ComponentModel;
using GlobalTables.Cli.Admin;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary>Lists the updates last-writer-wins lost, across the regions, reading the server's pages one after another.</summary>
public sealed class ConflictsCommand : AsyncCommand<ConflictsCommand.Settings>
{
    public sealed class Settings : JsonOutputSettings
    {
        [CommandOption("--table <NAME>")] [Description("Only this table.")]
        public string? Table { get; init; }

        [CommandOption("--region <REGION>")] [Description("Only the conflicts this region detected.")]
        public string? Region { get; init; }

        [CommandOption("--limit <N>")] [Description("Entries per page read from the server (1 to 1000; default 100). Every page is read.")]
        public int? Limit { get; init; }

        [CommandOption("--show-images")] [Description("Under each line, the winner's and the loser's item images.")]
        public bool ShowImages { get; init; }

        public override ValidationResult Validate() =>
            Limit is < 1 ? ValidationResult.Error($"--limit {Limit}: a page holds 1 entry or more") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var admin = new AdminClient(settings.FrontDoor);
        if (settings.Region is not null)
            RegionNames.Check("--region", [settings.Region], (await admin.RegionsAsync(cancellationToken)).Select(r => r.Name).ToList());
        var rows = await admin.ConflictsAsync(settings.Table, settings.Region, settings.Limit, cancellationToken);
        if (settings.Json)
        {
            JsonOutputSettings.Write(new { lostUpdates = rows });
            return 0;
        }
        if (rows.Count == 0) AnsiConsole.MarkupLine("[grey]no lost updates[/]");
        foreach (var r in rows)
        {
            LineConsole.MarkupLine(LostUpdateLine.Markup(r));
            if (!settings.ShowImages) continue;
            LineConsole.MarkupLine($"  winner {Markup.Escape(LostUpdateLine.Image(r.Winner.Image))}");
            LineConsole.MarkupLine($"  loser  {Markup.Escape(LostUpdateLine.Image(r.Loser.Image))}");
        }
        return 0;
    }
}
