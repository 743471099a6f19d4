using System.ComponentModel;
using GlobalTables.Cli.Admin;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary><c>globaltables routing</c>: the front door's routing now, which <c>routing set</c> changes while it serves.</summary>
public sealed class RoutingCommand : AsyncCommand<RoutingCommand.Settings>
{
    public class Settings : EndpointSettings
    {
        [CommandOption("--json")] [Description("Print the routing as JSON, shaped as config/routing.json.")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var admin = new AdminClient(settings.FrontDoor);
        RoutingView.Write(await admin.RoutingAsync(cancellationToken), settings.Json);
        return 0;
    }
}
