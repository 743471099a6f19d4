using System.ComponentModel;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary>
/// Runs one region as its own process, or, with --seed-node, as one more node of a region's cluster (docs/cluster.md).
/// It reaches its peers over Akka.Remote at the remoting ports of regions/*.json (plus --peer-port-offset, by default
/// --port-offset), and serves no front door.
/// </summary>
public sealed class NodeCommand : AsyncCommand<NodeCommand.Settings>
{
    public sealed class Settings : UpCommand.Settings
    {
        [CommandOption("--region <REGION>")]
        [Description("The region this process runs.")]
        public string Region { get; init; } = "";

        [CommandOption("--seed-node <HOST:PORT>")]
        [Description("Join the cluster of the region at this remoting address of one of its nodes; repeat for several.")]
        public string[]? SeedNodes { get; init; }

        [CommandOption("--peer-port-offset <N>")]
        [Description("Added to the other regions' remoting ports of regions/*.json, where this node looks for them (default: --port-offset); for a node that joins beside an up with another offset.")]
        public int? PeerPortOffset { get; init; }

        [CommandOption("--journal <FILE>")]
        [Description("The SQLite journal the region's nodes share (default: journal.db in this node's data folder).")]
        public string? Journal { get; init; }

        public override Spectre.Console.ValidationResult Validate() =>
            Region.Length == 0 ? Spectre.Console.ValidationResult.Error("node needs --region") : base.Validate();
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = UpCommand.Options(settings) with
        {
            OnlyRegions = [settings.Region],
            FrontDoor = false,
            SeedNodes = settings.SeedNodes ?? [],
            PeerPortOffset = settings.PeerPortOffset,
            SharedJournal = settings.Journal is null ? null : Path.GetFullPath(settings.Journal),
        };
        UpCommand.Check(options, "--region");
        return UpCommand.ServeAsync(options, cancellationToken);
    }
}
