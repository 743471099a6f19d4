using System.ComponentModel;
using GlobalTables.Cli.Admin;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary><c>globaltables region fail|recover|isolate|heal|latency NAME</c>: fault actions on a running up.</summary>
public sealed class RegionCommand : AsyncCommand<RegionCommand.Settings>
{
    static readonly string[] Actions = ["fail", "recover", "isolate", "heal", "latency", "list"];

    public sealed class Settings : JsonOutputSettings
    {
        [CommandArgument(0, "<ACTION>")] [Description("fail, recover, isolate, heal, latency or list")]
        public string Action { get; init; } = "";

        [CommandArgument(1, "[REGION]")]
        public string? Region { get; init; }

        [CommandOption("--peer <REGION>")] [Description("With latency: only the link to this peer (default: all).")]
        public string? Peer { get; init; }

        [CommandOption("--ms <MS>")] [Description("With latency: the one-way delay in milliseconds.")]
        public int? Ms { get; init; }

        public override ValidationResult Validate() =>
            !Actions.Contains(Action) ? ValidationResult.Error($"region {Action}: no such action; the actions are {string.Join(", ", Actions)}")
            : Action != "list" && Region is null ? ValidationResult.Error($"region {Action} needs a REGION")
            : Action == "list" && Region is not null ? ValidationResult.Error("region list takes no REGION")
            : Action == "latency" && Ms is null or < 0 ? ValidationResult.Error("region latency needs --ms N, N from 0 up")
            : Action != "latency" && (Ms is not null || Peer is not null) ? ValidationResult.Error("--ms and --peer go with region latency only")
            : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var admin = new AdminClient(settings.FrontDoor);
        if (settings.Action != "list")
        {
            var names = (await admin.RegionsAsync(cancellationToken)).Select(r => r.Name).ToList();
            RegionNames.Check($"region {settings.Action}", [settings.Region], names);
            RegionNames.Check("--peer", [settings.Peer], names);
            var query = settings.Action == "latency" ? $"?ms={settings.Ms}" + (settings.Peer is null ? "" : $"&peer={Uri.EscapeDataString(settings.Peer)}") : null;
            await admin.RegionActionAsync(settings.Region!, settings.Action, query, cancellationToken);
            if (!settings.Json) AnsiConsole.MarkupLine($"{RegionColors.Markup(settings.Region!)}: {Markup.Escape(settings.Action)} done");
        }
        var regions = await admin.RegionsAsync(cancellationToken);
        if (settings.Json) JsonOutputSettings.Write(new { regions });
        else RegionsView.Write(regions);
        return 0;
    }
}
