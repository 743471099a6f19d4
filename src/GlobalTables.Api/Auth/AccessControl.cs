using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Auth;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Auth;

/// <summary>
/// Authentication then authorization for every request of every endpoint: the request pipeline asks
/// who signed the request, and whether that principal's policies allow what the request does.
/// </summary>
public sealed class AccessControl(RequestAuthenticator authenticator)
{
    public const string ConfigFile = "iam.json";

    public IamConfig Config => authenticator.Config;
    public AuthMode Mode => authenticator.Mode;

    /// <summary>Reads config/iam.json under the config root, once; without the file, a full-access development principal.</summary>
    public static AccessControl Load(string configRoot, AuthMode mode, TimeProvider? clock = null) =>
        new(new RequestAuthenticator(LoadConfig(configRoot), mode, clock));

    public static IamConfig LoadConfig(string configRoot)
    {
        var path = Path.Combine(configRoot, "config", ConfigFile);
        if (!File.Exists(path)) return IamConfig.Default;
        try { return IamConfig.Parse(File.ReadAllText(path)); }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{path}: {e.Message}", e);
        }
    }

    public IamPrincipal Authenticate(HttpRequest request, ReadOnlySpan<byte> body) => authenticator.Authenticate(request, body);

    /// <summary>Throws AccessDeniedException, with IAM's message, for the first thing the request does that the policies do not allow.</summary>
    public static void Authorize(IamPrincipal principal, string operation, OperationContext ctx)
    {
        // Every action asked for is DynamoDB's.
        if (principal.AllowsAllOfDynamoDb) return;
        foreach (var request in AccessRequests.For(operation, ctx, principal))
        {
            var decision = principal.Evaluate(request);
            if (decision != AuthorizationDecision.Allow) throw AccessDenied.For(principal.Arn, request, decision);
        }
    }
}
