using System.ComponentModel;
using GlobalTables.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Admin;

/// <summary>The options every command that talks to a running <c>up</c> shares.</summary>
public class EndpointSettings : CommandSettings
{
    [CommandOption("--endpoint <URL>")]
    [Description("The front door of a running `globaltables up`. Default http://localhost:8000")]
    public string Endpoint { get; init; } = "http://localhost:8000";

    [CommandOption("--port-offset <N>")]
    [Description("The --port-offset the server was started with; added to the default endpoint's port.")]
    public int PortOffset { get; init; }

    public Uri FrontDoor
    {
        get
        {
            var uri = new UriBuilder(Endpoint);
            uri.Port += PortOffset;
            return uri.Uri;
        }
    }

    public override ValidationResult Validate()
    {
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            return ValidationResult.Error($"--endpoint {Endpoint}: not an http:// or https:// URL");
        try { Commands.PortOffset.Check(PortOffset, [("front door", endpoint.Port)]); }
        catch (UsageException e) { return ValidationResult.Error(e.Message); }
        return ValidationResult.Success();
    }
}
