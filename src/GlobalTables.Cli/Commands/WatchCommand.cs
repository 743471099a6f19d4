using System.ComponentModel;
using GlobalTables.Cli.Admin;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary>Tails writes and lost updates live across the regions, coloured per region, until Ctrl+C.</summary>
public sealed class WatchCommand : AsyncCommand<WatchCommand.Settings>
{
    public sealed class Settings : EndpointSettings
    {
        [CommandOption("--table <NAME>")] [Description("Only this table.")]
        public string? Table { get; init; }

        [CommandOption("--interval-ms <MS>")] [Description("How often to poll. Default 250")]
        public int IntervalMs { get; init; } = 250;

        [CommandOption("--from-start")]
        [Description("First replay the writes the regions still keep (the last 4096 each, of tables as they are now) and the lost-update log; by default only what happens from now on.")]
        public bool FromStart { get; init; }

        public override ValidationResult Validate() =>
            IntervalMs < 1 ? ValidationResult.Error($"--interval-ms {IntervalMs}: 1 or more") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var admin = new AdminClient(settings.FrontDoor);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        var since = new Dictionary<string, long>();
        var seenConflicts = new HashSet<string>();
        if (!settings.FromStart)
        {
            // Where each region's feed is now; only what comes after is shown.
            foreach (var w in await admin.WritesAsync(since, stop.Token)) since[w.Region] = Math.Max(since.GetValueOrDefault(w.Region), w.Sequence);
            seenConflicts.UnionWith((await admin.ConflictsAsync(settings.Table, null, ct: stop.Token)).Select(Identity));
        }
        AnsiConsole.MarkupLine($"[grey]watching {Markup.Escape(settings.FrontDoor.ToString())}; Ctrl+C to stop[/]");
        while (!stop.IsCancellationRequested)
        {
            try
            {
                foreach (var w in await admin.WritesAsync(since, stop.Token))
                {
                    since[w.Region] = Math.Max(since.GetValueOrDefault(w.Region), w.Sequence);
                    if (settings.Table is not null && w.Table != settings.Table) continue;
                    var how = w.Outcome == "local" ? "wrote" : $"applied from {RegionColors.Markup(w.Origin)} ({Markup.Escape(w.Outcome)})";
                    LineConsole.MarkupLine($"{w.At:HH:mm:ss.fff} {RegionColors.Markup(w.Region)} {how} {Markup.Escape(w.Kind)} {Markup.Escape(w.Table)} {Markup.Escape(w.Key)} [grey]{Markup.Escape(w.Version)}[/]");
                }
                foreach (var c in await admin.ConflictsAsync(settings.Table, null, ct: stop.Token))
                {
                    if (!seenConflicts.Add(Identity(c))) continue;
                    LineConsole.MarkupLine("[red bold]LOST UPDATE[/] " + LostUpdateLine.Markup(c));
                }
                await Task.Delay(settings.IntervalMs, stop.Token);
            }
            catch (OperationCanceledException) { break; }
            catch (CommandFailedException e)
            {
                // The server may be restarting: say so and keep polling.
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
                try { await Task.Delay(1000, stop.Token); } catch (OperationCanceledException) { break; }
            }
        }
        return 0;
    }

    static string Identity(ConflictRow c) => $"{c.Table}|{c.Key}|{c.Loser.Version}";
}
