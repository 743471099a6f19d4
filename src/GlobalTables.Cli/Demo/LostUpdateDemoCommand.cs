using System.ComponentModel;
using GlobalTables.Cli.Admin;
using GlobalTables.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Demo;

public sealed class LostUpdateDemoCommand : AsyncCommand<LostUpdateDemoCommand.Settings>
{
    public sealed class Settings : EndpointSettings
    {
        [CommandOption("--increments <N>")] [Description("Increments made by each region. Default 40")]
        public int Increments { get; init; } = 40;

        [CommandOption("--regions <A,B>")] [Description("The two regions. Default us-east-1,eu-west-2")]
        public string Regions { get; init; } = "us-east-1,eu-west-2";

        public string[] RegionPair => Regions.Split(',', StringSplitOptions.TrimEntries);

        public override ValidationResult Validate() =>
            Increments < 1 ? ValidationResult.Error($"--increments {Increments}: 1 or more")
            : RegionPair is not [var a, var b] || a == b ? ValidationResult.Error($"--regions {Regions}: two different regions, e.g. us-east-1,eu-west-2")
            : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var regions = settings.RegionPair;
        using (var admin = new AdminClient(settings.FrontDoor))
            RegionNames.Check("--regions", regions, (await admin.RegionsAsync(cancellationToken)).Select(r => r.Name).ToList());
        var demo = new LostUpdateDemo(settings.FrontDoor, regions[0], regions[1], settings.Increments,
            line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
        var report = await demo.RunAsync(cancellationToken);

        var table = new Table().Title($"[bold]Lost updates in {Markup.Escape(report.Table)}[/]").AddColumns("", "count");
        foreach (var (region, made) in report.Made) table.AddRow($"increments made in {RegionColors.Markup(region)}", made.ToString());
        table.AddRow("increments made in all", report.Made.Values.Sum().ToString());
        table.AddRow("increments that survived (the counter's final value)", report.FinalCounter.ToString());
        table.AddRow("[red]increments lost under last-writer-wins[/]", report.Lost.ToString());
        table.AddRow("records in GlobalTables' lost-update log (AWS keeps none)", report.LostUpdatesLogged.ToString());
        AnsiConsole.Write(table);
        // The two figures differ by design: the log keeps one record per write that lost, not per increment.
        AnsiConsole.MarkupLine($"{report.Lost} increment(s) lost, {report.LostUpdatesLogged} log record(s): a record is one losing write, and its image carries " +
            "every increment its region made since the regions last agreed, so one record can cover several.");
        AnsiConsole.MarkupLine(report.Reconciles
            ? $"[green]Reconciled: {report.Made.Values.Sum()} made = {report.Survived} survived + {report.Lost} lost, and every lost increment is in the log.[/]"
            : "[red]Did not reconcile: some increment is neither in the counter nor in the log.[/]");
        AnsiConsole.MarkupLine($"See them: [blue]globaltables conflicts --table {Markup.Escape(report.Table)}[/]");
        return report.Reconciles ? 0 : 1;
    }
}
