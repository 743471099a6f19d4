using System.ComponentModel;
using System.Text.Json;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Admin;

/// <summary>The options of a command that can print what it read as JSON instead of for people.</summary>
public class JsonOutputSettings : EndpointSettings
{
    [CommandOption("--json")]
    [Description("Print JSON on stdout (camelCase property names) and nothing else.")]
    public bool Json { get; init; }

    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The whole output of a --json run: one JSON document on stdout.</summary>
    public static void Write<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
