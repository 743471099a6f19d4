using System.ComponentModel;
using GlobalTables.Api.Hosting;
using GlobalTables.Region.Configuration;
using GlobalTables.Region.Persistence;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary>Starts every region in regions/*.json in this process, plus the front door, until Ctrl+C.</summary>
public sealed class UpCommand : AsyncCommand<UpCommand.Settings>
{
    public class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("Root of the regions' data folders (default: ./data).")]
        public string Data { get; init; } = "data";

        [CommandOption("--port-offset <N>")]
        [Description("Added to every port, the front door's too.")]
        public int PortOffset { get; init; }

        [CommandOption("--only <REGION>")]
        [Description("Start only this region; repeat for several.")]
        public string[]? Only { get; init; }

        [CommandOption("--no-latency")]
        [Description("Replicate without the simulated WAN latency of regions/*.json.")]
        public bool NoLatency { get; init; }

        [CommandOption("--config <DIR>")]
        [Description("The folder holding regions/ and config/ (default: found from the working directory).")]
        public string? Config { get; init; }

        [CommandOption("--auth <MODE>")]
        [Description("dev (default): any unknown access key acts as config/iam.json's development principal. strict: only configured keys and vended session credentials.")]
        public string Auth { get; init; } = "dev";

        [CommandOption("--store <KIND>")]
        [Description("Where the regions keep their journals: sqlite (default: a journal.db in each region's data folder) or postgres (--connection; each region in its own schema). Default: globaltables.store in config/akka.conf.")]
        public string? Store { get; init; }

        [CommandOption("--connection <NPGSQL>")]
        [Description("The postgres store's Npgsql connection string, e.g. \"Host=localhost;Database=globaltables;Username=gt\".")]
        public string? Connection { get; init; }

        public override ValidationResult Validate()
        {
            if (Auth is not ("dev" or "strict")) return ValidationResult.Error("--auth is dev or strict");
            if (Store is null) return ValidationResult.Success();
            try { StoreSettings.ParseKind(Store, "--store"); }
            catch (StoreUnavailableException e) { return ValidationResult.Error(e.Message); }
            return ValidationResult.Success();
        }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = Options(settings);
        Check(options, "--only");
        return ServeAsync(options, cancellationToken);
    }

    public static ServerOptions Options(Settings settings) => new()
    {
        DataRoot = Path.GetFullPath(settings.Data),
        ConfigRoot = ConfigRoot.Resolve(settings.Config),
        OnlyRegions = settings.Only is { Length: > 0 } ? settings.Only : null,
        PortOffset = settings.PortOffset,
        SimulateLatency = !settings.NoLatency,
        AuthMode = settings.Auth == "strict" ? Api.Auth.AuthMode.Strict : Api.Auth.AuthMode.Dev,
        Store = settings.Store is { } store ? StoreSettings.ParseKind(store, "--store") : null,
        StoreConnection = settings.Connection,
    };

    /// <summary>
    /// Refuses, as a usage error, a start whose region names are not in regions/*.json (given with
    /// <paramref name="regionOption"/>) or whose --port-offset moves a port it would listen on out of range.
    /// </summary>
    public static void Check(ServerOptions options, string regionOption)
    {
        var regions = RegionSettings.LoadAll(Path.Combine(options.ConfigRoot, "regions"));
        RegionNames.Check(regionOption, options.OnlyRegions ?? [], regions.Select(r => r.Name).ToList());
        var started = regions.Where(r => options.OnlyRegions is null || options.OnlyRegions.Contains(r.Name)).ToList();
        List<(string Use, int Port)> ports = [.. started.Select(r => ($"{r.Name} DynamoDB endpoint", r.Port)), .. started.Select(r => ($"{r.Name} Akka.Remote", r.RemotingPort))];
        if (options.FrontDoor)
            ports.Add(("front door", (options.FrontDoorSettings ?? FrontDoorSettings.Load(Path.Combine(options.ConfigRoot, "config", "frontdoor.json"))).Port));
        PortOffset.Check(options.PortOffset, ports);
    }

    /// <summary>Starts the regions, prints their endpoints, and serves until Ctrl+C or SIGTERM.</summary>
    public static async Task<int> ServeAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        await using var server = await GlobalTablesServer.StartAsync(options with { Progress = Say }, loggerFactory, cancellationToken);

        var table = new Table().AddColumn("region").AddColumn("endpoint");
        foreach (var (region, endpoint) in server.RegionEndpoints) table.AddRow(region, endpoint.ToString());
        foreach (var remote in server.Router.Remotes) table.AddRow($"{remote.Name} (forwarded)", string.Join(", ", remote.Nodes.Select(n => n.Endpoint)));
        if (options.FrontDoor) table.AddRow("[bold]front door[/]", server.FrontDoorEndpoint.ToString());
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Data in [blue]{options.DataRoot}[/]. Press Ctrl+C to stop.");
        // Scripts wait for this line.
        Console.Out.WriteLine("globaltables: ready");
        Console.Out.Flush();

        await ShutdownSignal.WaitAsync(cancellationToken);
        // Said once every region has stopped and let go of its data folder; the using's dispose then does nothing.
        await server.DisposeAsync();
        Console.Out.WriteLine("globaltables: stopped");
        return 0;
    }

    /// <summary>A line as each part starts and once it listens: a region recovering its tables can take a while.</summary>
    static void Say(StartStep step)
    {
        if (step.Endpoint is null) AnsiConsole.MarkupLineInterpolated($"[grey]starting {step.Part} ...[/]");
        else AnsiConsole.MarkupLineInterpolated($"{step.Part} serving on {step.Endpoint}");
    }
}
