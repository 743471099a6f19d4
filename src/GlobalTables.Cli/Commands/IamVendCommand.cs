using System.ComponentModel;
using System.Text.Json;
using GlobalTables.Api.Auth;
using GlobalTables.Model.Auth;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary>
/// Prints temporary credentials for a principal of config/iam.json, shaped like <c>aws sts get-session-token</c>'s
/// output, or as environment variables. No server is needed: the session token is signed with the config's sessionKey.
/// </summary>
public sealed class IamVendCommand : Command<IamVendCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--principal <NAME>")]
        [Description("The principal of config/iam.json the credentials act as.")]
        public string Principal { get; init; } = "";

        [CommandOption("--duration <DURATION>")]
        [Description("How long the credentials last: 15m, 1h, 1h30m, 900s (15 minutes to 36 hours; default 1h).")]
        public string Duration { get; init; } = "1h";

        [CommandOption("--format <FORMAT>")]
        [Description("json (as aws sts prints, the default) or env (export lines for a shell).")]
        public string Format { get; init; } = "json";

        [CommandOption("--config <DIR>")]
        [Description("The folder holding regions/ and config/ (default: found from the working directory).")]
        public string? Config { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Principal)) return ValidationResult.Error("--principal is required");
            if (Format is not ("json" or "env")) return ValidationResult.Error("--format is json or env");
            try
            {
                var duration = CredentialVending.ParseDuration(Duration);
                return duration >= CredentialVending.MinimumDuration && duration <= CredentialVending.MaximumDuration ? ValidationResult.Success()
                    : ValidationResult.Error($"--duration {Duration}: from {CredentialVending.MinimumDuration.TotalMinutes:0} minutes to {CredentialVending.MaximumDuration.TotalHours:0} hours");
            }
            catch (FormatException e) { return ValidationResult.Error($"--duration: {e.Message}"); }
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var root = ConfigRoot.Resolve(settings.Config);
        IamConfig config;
        try { config = AccessControl.LoadConfig(root); }
        catch (InvalidOperationException e) { throw new CommandFailedException(e.Message, e); }
        if (config.Principals.All(p => p.Name != settings.Principal))
            throw new UsageException($"--principal {settings.Principal}: no such principal in config/iam.json; the principals are {string.Join(", ", config.Principals.Select(p => p.Name))}");
        if (config.SessionKey is null) throw new CommandFailedException("config/iam.json has no sessionKey, so session credentials are off");
        var credentials = CredentialVending.Vend(config, settings.Principal, CredentialVending.ParseDuration(settings.Duration), DateTimeOffset.UtcNow);
        var expiration = credentials.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        if (settings.Format == "env")
        {
            Console.Out.WriteLine($"export AWS_ACCESS_KEY_ID={credentials.AccessKeyId}");
            Console.Out.WriteLine($"export AWS_SECRET_ACCESS_KEY={credentials.SecretAccessKey}");
            Console.Out.WriteLine($"export AWS_SESSION_TOKEN={credentials.SessionToken}");
            Console.Out.WriteLine($"# expires {expiration}");
            return 0;
        }
        var json = JsonSerializer.Serialize(new
        {
            Credentials = new
            {
                credentials.AccessKeyId,
                credentials.SecretAccessKey,
                credentials.SessionToken,
                Expiration = expiration,
            },
        }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Console.Out.WriteLine(json);
        return 0;
    }
}
