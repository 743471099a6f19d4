using System.ComponentModel;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary>
/// Runs one region as its own process. It reaches its peers over Akka.Remote at the remoting
/// ports of regions/*.json (plus --port-offset), and serves no front door.
/// </summary>
public sealed class NodeCommand : AsyncCommand<NodeCommand.Settings>
{
    public sealed class Settings : UpCommand.Settings
    {
        [CommandOption("--region <REGION>")]
        [Description("The region this process runs.")]
        public string Region { get; init; } = "";

        public override Spectre.Console.ValidationResult Validate() =>
            Region.Length == 0 ? Spectre.Console.ValidationResult.Error("node needs --region") : base.Validate();
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        UpCommand.ServeAsync(UpCommand.Options(settings) with { OnlyRegions = [settings.Region], FrontDoor = false }, cancellationToken);
}
