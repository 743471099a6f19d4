using System.ComponentModel;
using GlobalTables.Cli.Admin;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary><c>globaltables region fail|recover|isolate|heal|latency NAME</c>: fault actions on a running up.</summary>
public sealed class RegionCommand : AsyncCommand<RegionCommand.Settings>
{
    public sealed class Settings : EndpointSettings
    {
        [CommandArgument(0, "<ACTION>")] [Description("fail, recover, isolate, heal, latency or list")]
        public string Action { get; init; } = "";

        [CommandArgument(1, "[REGION]")]
        public string? Region { get; init; }

        [CommandOption("--peer <REGION>")] [Description("With latency: only the link to this peer (default: all).")]
        public string? Peer { get; init; }

        [CommandOption("--ms <MS>")] [Description("With latency: the one-way delay in milliseconds.")]
        public int? Ms { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var admin = new AdminClient(settings.FrontDoor);
        if (settings.Action != "list")
        {
            if (settings.Region is null) throw new ArgumentException($"region {settings.Action} needs a REGION");
            var query = settings.Action == "latency"
                ? $"?ms={settings.Ms ?? throw new ArgumentException("latency needs --ms")}" + (settings.Peer is null ? "" : $"&peer={Uri.EscapeDataString(settings.Peer)}")
                : null;
            await admin.RegionActionAsync(settings.Region, settings.Action, query, cancellationToken);
            AnsiConsole.MarkupLine($"{RegionColors.Markup(settings.Region)}: {Markup.Escape(settings.Action)} done");
        }
        RegionsView.Write(await admin.RegionsAsync(cancellationToken));
        return 0;
    }
}
