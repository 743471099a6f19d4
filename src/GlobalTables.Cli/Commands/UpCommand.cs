using System.ComponentModel;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

public sealed class UpCommand : AsyncCommand<UpCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("Root of the regions' data folders.")]
        public string? Data { get; init; }

        [CommandOption("--port-offset <N>")]
        [Description("Added to every port, the front door's too.")]
        public int PortOffset { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
        => Task.FromResult(0);
}
