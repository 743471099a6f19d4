using System.ComponentModel;
using GlobalTables.Api.Hosting;
using GlobalTables.Cli.Admin;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary>
/// <c>globaltables routing</c> shows the front door's routing; <c>routing set</c> changes it from the next request until
/// the front door stops (config/routing.json is not written). A usage mistake, and a mode or region the front door
/// refuses, is one line and exit 2.
/// </summary>
public sealed class RoutingCommand : AsyncCommand<RoutingCommand.Settings>
{
    const int UsageMistake = 2;

    public sealed class Settings : EndpointSettings
    {
        [CommandArgument(0, "[ACTION]")] [Description("Nothing to show the routing, or set to change it.")]
        public string? Action { get; init; }

        [CommandOption("--json")] [Description("Print the routing as JSON, shaped as config/routing.json.")]
        public bool Json { get; init; }

        [CommandOption("--mode <MODE>")] [Description("With set: the default's mode, signing-region or failover. A table's or client's list is always failover.")]
        public string? Mode { get; init; }

        [CommandOption("--regions <R1,R2>")] [Description("With set: the regions to try in order, comma-separated: the default's failover list, or the table's or client's.")]
        public string? Regions { get; init; }

        [CommandOption("--table <NAME>")] [Description("With set: change this table's list instead of the default.")]
        public string? Table { get; init; }

        [CommandOption("--client <ACCESS_KEY_ID>")] [Description("With set: change this client's (access key id's) list instead of the default.")]
        public string? Client { get; init; }

        [CommandOption("--remove")] [Description("With set: remove the --table's or --client's list; its requests follow the default again.")]
        public bool Remove { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (Mistake(settings) is { } mistake) return Refuse(mistake);
        using var admin = new AdminClient(settings.FrontDoor);
        if (settings.Action is null)
        {
            RoutingView.Write(await admin.RoutingAsync(cancellationToken), settings.Json);
            return 0;
        }
        var scope = settings.Table is { } table ? $"tables/{Uri.EscapeDataString(table)}"
            : settings.Client is { } client ? $"clients/{Uri.EscapeDataString(client)}" : "default";
        var regions = settings.Regions?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (routing, refusal) = await admin.ChangeRoutingAsync(scope, settings.Mode, regions, settings.Remove, cancellationToken);
        if (refusal is not null) return Refuse(refusal);
        RoutingView.Write(routing!, settings.Json);
        return 0;
    }

    /// <summary>Options that do not go together; the front door checks the values.</summary>
    static string? Mistake(Settings s) =>
        s.Action is not (null or "set") ? $"routing takes no action or set, not \"{s.Action}\""
        : s.Action is null && (s.Remove || (s.Mode ?? s.Regions ?? s.Table ?? s.Client) is not null)
            ? "--mode, --regions, --table, --client and --remove go with routing set"
        : s.Action is null ? null
        : s.Table is not null && s.Client is not null ? "routing set takes --table or --client, not both"
        : s.Remove && s.Table is null && s.Client is null ? "--remove needs --table or --client; the default is set back with --mode signing-region"
        : s.Remove && (s.Mode is not null || s.Regions is not null) ? "--remove takes no --mode or --regions"
        : (s.Table ?? s.Client) is not null && s.Mode is not null && s.Mode != FrontDoorRouting.Failover
            ? $"--mode {s.Mode} does not apply to a table or client: its list is always {FrontDoorRouting.Failover}; --remove routes it by the default again"
        : (s.Table ?? s.Client) is not null && !s.Remove && s.Regions is null ? "a table's or client's list needs --regions R1,R2, the regions to try in order"
        : !s.Remove && s.Mode is null && s.Regions is null ? "routing set needs --mode, --regions or --remove"
        : null;

    static int Refuse(string message)
    {
        Console.Error.WriteLine("globaltables: " + message);
        return UsageMistake;
    }
}
