using System.Text.Json;

namespace GlobalTables.Model.Auth;

/// <summary>
/// The identities of config/iam.json, parsed and checked once at start-up:
/// <c>{"principals": [{"name", "arn", "attributes": {...}, "accessKeys": [{"accessKeyId", "secretAccessKey"}], "policies": [...]}]}</c>,
/// plus the optional <c>sessionKey</c> that signs vended session tokens and the optional
/// <c>developmentPrincipal</c>, whom unknown access keys act as in the dev auth mode.
/// </summary>
public sealed class IamConfig
{
    readonly Dictionary<string, IamPrincipal> _byName;
    readonly Dictionary<string, (IamPrincipal Principal, AccessKey Key)> _byAccessKey;

    public IReadOnlyList<IamPrincipal> Principals { get; }
    /// <summary>The HMAC key for session tokens; null when session credentials are off.</summary>
    public byte[]? SessionKey { get; }
    /// <summary>The principal unknown access keys act as in dev mode; null when no principal is named.</summary>
    public IamPrincipal? DevelopmentPrincipal { get; }

    public IamConfig(IReadOnlyList<IamPrincipal> principals, byte[]? sessionKey = null, string? developmentPrincipal = null)
    {
        Principals = principals;
        SessionKey = sessionKey is { Length: 0 } ? null : sessionKey;
        _byName = new(StringComparer.Ordinal);
        _byAccessKey = new(StringComparer.Ordinal);
        foreach (var p in principals)
        {
            if (!_byName.TryAdd(p.Name, p)) throw new FormatException($"Two principals are named '{p.Name}'");
            foreach (var key in p.AccessKeys)
                if (!_byAccessKey.TryAdd(key.AccessKeyId, (p, key)))
                    throw new FormatException($"Access key '{key.AccessKeyId}' belongs to more than one principal");
        }
        if (developmentPrincipal is not null)
            DevelopmentPrincipal = Find(developmentPrincipal) ?? throw new FormatException($"developmentPrincipal '{developmentPrincipal}' is not a principal");
    }

    /// <summary>A development principal with full access, for when iam.json is absent.</summary>
    public static IamConfig Default { get; } = Parse("""
        {"developmentPrincipal": "developer",
         "principals": [{"name": "developer", "arn": "arn:aws:iam::000000000000:user/developer",
           "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]}]}]}
        """);

    public IamPrincipal? Find(string name) => _byName.GetValueOrDefault(name);

    public bool TryFindAccessKey(string accessKeyId, out IamPrincipal principal, out AccessKey key)
    {
        if (_byAccessKey.TryGetValue(accessKeyId, out var found))
        {
            (principal, key) = found;
            return true;
        }
        principal = null!;
        key = null!;
        return false;
    }

    public static IamConfig Parse(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("iam.json must be an object with \"principals\"");
        var principals = new List<IamPrincipal>();
        if (root.TryGetProperty("principals", out var list))
            foreach (var p in list.EnumerateArray()) principals.Add(ParsePrincipal(p));
        byte[]? sessionKey = root.TryGetProperty("sessionKey", out var sk) && sk.GetString() is { Length: > 0 } text
            ? System.Text.Encoding.UTF8.GetBytes(text) : null;
        var development = root.TryGetProperty("developmentPrincipal", out var dp) ? dp.GetString() : null;
        return new IamConfig(principals, sessionKey, development);
    }

    static IamPrincipal ParsePrincipal(JsonElement p)
    {
        var name = p.TryGetProperty("name", out var n) ? n.GetString() : null;
        if (string.IsNullOrEmpty(name)) throw new FormatException("Every principal needs a name");
        try
        {
            var arn = p.TryGetProperty("arn", out var a) ? a.GetString() ?? "" : $"arn:aws:iam::000000000000:user/{name}";
            if (!arn.StartsWith("arn:", StringComparison.Ordinal)) throw new FormatException($"'{arn}' is not an ARN");
            var attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            if (p.TryGetProperty("attributes", out var attrs))
                foreach (var attr in attrs.EnumerateObject())
                    attributes[attr.Name] = attr.Value.ValueKind == JsonValueKind.Array
                        ? [.. attr.Value.EnumerateArray().Select(v => v.GetString() ?? "")]
                        : [attr.Value.ValueKind == JsonValueKind.String ? attr.Value.GetString()! : attr.Value.GetRawText()];
            var keys = new List<AccessKey>();
            if (p.TryGetProperty("accessKeys", out var ks))
                foreach (var k in ks.EnumerateArray())
                {
                    var id = k.TryGetProperty("accessKeyId", out var i) ? i.GetString() : null;
                    var secret = k.TryGetProperty("secretAccessKey", out var s) ? s.GetString() : null;
                    if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
                        throw new FormatException("Every access key needs an accessKeyId and a secretAccessKey");
                    keys.Add(new AccessKey(id, secret));
                }
            var policies = new List<PolicyDocument>();
            if (p.TryGetProperty("policies", out var ps))
                foreach (var policy in ps.EnumerateArray()) policies.Add(PolicyDocument.Parse(policy));
            return new IamPrincipal(name, arn, attributes, keys, policies);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"Principal '{name}': {e.Message}", e);
        }
    }
}
