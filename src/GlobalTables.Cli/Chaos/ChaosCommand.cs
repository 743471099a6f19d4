using System.ComponentModel;
using GlobalTables.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Chaos;

/// <summary><c>globaltables chaos --seed N --duration 60s</c>: exits 0 only when it finds no violation.</summary>
public sealed class ChaosCommand : AsyncCommand<ChaosCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--seed <N>")] [Description("Draws the fault schedule and the clients' choices. Default 1")]
        public int Seed { get; init; } = 1;

        [CommandOption("--duration <TIME>")] [Description("How long the clients write, e.g. 60s or 5m. Default 60s")]
        public string Duration { get; init; } = "60s";

        [CommandOption("--data <DIR>")] [Description("Root of the regions' data folders. Default: a fresh temporary folder")]
        public string? Data { get; init; }

        [CommandOption("--port-offset <N>")] [Description("Use the configured ports plus N. Default: free ports")]
        public int? PortOffset { get; init; }

        [CommandOption("--config <DIR>")]
        public string? Config { get; init; }

        [CommandOption("--store <KIND>")] [Description("sqlite or postgres, as for up. Default: globaltables.store in config/akka.conf")]
        public string? Store { get; init; }

        [CommandOption("--connection <NPGSQL>")] [Description("The PostgreSQL store's connection string, as for up")]
        public string? Connection { get; init; }

        [CommandOption("--nodes <N>")]
        [Description("Extra node processes of us-east-1, which the schedule kills and restarts: 0 (default), or 2 or more; needs --store postgres")]
        public int Nodes { get; init; }

        public override ValidationResult Validate() =>
            !IsDuration(Duration) ? ValidationResult.Error($"--duration {Duration}: not a time such as 60s, 5m or 500ms")
            : ChaosRun.NodesRefusal(Nodes, Store is null ? null : Region.Configuration.StoreSettings.ParseKind(Store, "--store")) is { } refusal
                ? ValidationResult.Error(refusal) : ValidationResult.Success();
    }

    static bool IsDuration(string text)
    {
        try { return ParseDuration(text) > TimeSpan.Zero; }
        catch (FormatException) { return false; }
    }

    public static TimeSpan ParseDuration(string text) =>
        text.EndsWith("ms", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(double.Parse(text[..^2]))
        : text.EndsWith('s') ? TimeSpan.FromSeconds(double.Parse(text[..^1]))
        : text.EndsWith('m') ? TimeSpan.FromMinutes(double.Parse(text[..^1]))
        : TimeSpan.FromSeconds(double.Parse(text));

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var data = settings.Data ?? Path.Combine(Path.GetTempPath(), "globaltables-chaos", Guid.NewGuid().ToString("N"));
        var configRoot = ConfigRoot.Resolve(settings.Config);
        if (settings.PortOffset is { } offset)
            UpCommand.Check(new Api.Hosting.ServerOptions { DataRoot = data, ConfigRoot = configRoot, PortOffset = offset }, "--only");
        var run = new ChaosRun(settings.Seed, ParseDuration(settings.Duration), Path.GetFullPath(data), configRoot, settings.PortOffset,
            line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"),
            settings.Store is { } store ? Region.Configuration.StoreSettings.ParseKind(store, "--store") : null, settings.Connection, settings.Nodes);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ChaosReport report;
        // Ctrl+C and SIGTERM end the run through its disposals, which kill the node processes it started.
        using (ShutdownSignal.Cancels(stop))
        {
            try { report = await run.RunAsync(stop.Token); }
            // Akka stops the regions on the same signal, so what ends the run may be any failure that follows.
            catch (Exception) when (stop.IsCancellationRequested)
            {
                Console.Error.WriteLine("globaltables: chaos stopped before its check; no verdict.");
                return 1;
            }
        }
        ChaosReportView.Write(report);
        return report.Violations.Count == 0 ? 0 : 1;
    }
}
