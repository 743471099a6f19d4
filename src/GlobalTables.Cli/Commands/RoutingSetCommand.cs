using System.ComponentModel;
using GlobalTables.Api.Hosting;
using GlobalTables.Cli.Admin;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary>
/// <c>globaltables routing set</c>: changes the front door's routing from its next request, until it stops
/// (config/routing.json is not written). A usage mistake, and a mode or region the front door refuses, is one line and exit 2.
/// </summary>
public sealed class RoutingSetCommand : AsyncCommand<RoutingSetCommand.Settings>
{
    const int UsageMistake = 2;

    public sealed class Settings : RoutingCommand.Settings
    {
        [CommandOption("--mode <MODE>")] [Description("The default's mode: signing-region or failover. A table's or client's list is always failover.")]
        public string? Mode { get; init; }

        [CommandOption("--regions <R1,R2>")] [Description("The regions to try in order, comma-separated: the default's failover list, or the table's or client's.")]
        public string? Regions { get; init; }

        [CommandOption("--table <NAME>")] [Description("Change this table's list instead of the default.")]
        public string? Table { get; init; }

        [CommandOption("--client <ACCESS_KEY_ID>")] [Description("Change this client's (access key id's) list instead of the default.")]
        public string? Client { get; init; }

        [CommandOption("--remove")] [Description("Remove the --table's or --client's list: its requests follow the default again.")]
        public bool Remove { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (Mistake(settings) is { } mistake) return Refuse(mistake);
        var scope = settings.Table is { } table ? $"tables/{Uri.EscapeDataString(table)}"
            : settings.Client is { } client ? $"clients/{Uri.EscapeDataString(client)}" : "default";
        var regions = settings.Regions?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var admin = new AdminClient(settings.FrontDoor);
        var (routing, refusal) = await admin.ChangeRoutingAsync(scope, settings.Mode, regions, settings.Remove, cancellationToken);
        if (refusal is not null) return Refuse(refusal);
        RoutingView.Write(routing!, settings.Json);
        return 0;
    }

    /// <summary>Options that do not go together; the front door checks the values.</summary>
    static string? Mistake(Settings s) =>
        s.Table is not null && s.Client is not null ? "routing set takes --table or --client, not both"
        : s.Remove && s.Table is null && s.Client is null ? "--remove needs --table or --client; the default is set back with --mode signing-region"
        : s.Remove && (s.Mode is not null || s.Regions is not null) ? "--remove takes no --mode or --regions"
        : !s.Remove && s.Mode is null && s.Regions is null ? "routing set needs --mode, --regions or --remove"
        : (s.Table ?? s.Client) is not null && s.Mode is not null && s.Mode != FrontDoorRouting.Failover
            ? $"--mode {s.Mode} does not apply to a table or client: its list is always {FrontDoorRouting.Failover}; --remove routes it by the default again"
        : (s.Table ?? s.Client) is not null && !s.Remove && s.Regions is null ? "a table's or client's list needs --regions R1,R2, the regions to try in order"
        : null;

    static int Refuse(string message)
    {
        Console.Error.WriteLine("globaltables: " + message);
        return UsageMistake;
    }
}
