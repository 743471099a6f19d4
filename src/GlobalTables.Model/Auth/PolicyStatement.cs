using System.Text.Json;

namespace GlobalTables.Model.Auth;

/// <summary>One statement of an identity-based policy: Effect, Action or NotAction, Resource or NotResource, Condition.</summary>
public sealed class PolicyStatement
{
    readonly string[] _actions;
    readonly bool _notAction;
    readonly PolicyString[] _resources;
    readonly bool _notResource;
    readonly ConditionClause[] _conditions;

    public string? Sid { get; }
    public PolicyEffect Effect { get; }
    public IReadOnlyList<ConditionClause> Conditions => _conditions;

    PolicyStatement(string? sid, PolicyEffect effect, string[] actions, bool notAction, PolicyString[] resources, bool notResource, ConditionClause[] conditions)
    {
        Sid = sid;
        Effect = effect;
        _actions = actions;
        _notAction = notAction;
        _resources = resources;
        _notResource = notResource;
        _conditions = conditions;
        AllowsAllOfDynamoDb = effect == PolicyEffect.Allow && !notAction && !notResource && conditions.Length == 0
            && actions.Any(a => a == "*" || a.Equals("dynamodb:*", StringComparison.OrdinalIgnoreCase))
            && resources.Any(r => r.MatchesAll);
    }

    /// <summary>True for an Allow of every DynamoDB action on every resource, without conditions.</summary>
    public bool AllowsAllOfDynamoDb { get; }

    /// <summary>True when the statement applies to the request: its action, its resource and every condition match.</summary>
    public bool Applies(AuthorizationRequest request)
    {
        var variables = request.Context;
        if (MatchesAction(request.Action) == _notAction) return false;
        if (MatchesResource(request.Resource, variables) == _notResource) return false;
        foreach (var condition in _conditions)
            if (!condition.IsSatisfied(request.Context, variables)) return false;
        return true;
    }

    bool MatchesAction(string action)
    {
        foreach (var pattern in _actions)
            if (WildcardPattern.Matches(pattern, action, ignoreCase: true)) return true;
        return false;
    }

    bool MatchesResource(string resource, IPolicyVariables variables)
    {
        foreach (var pattern in _resources)
            if (pattern.Resolve(variables) is { } text && WildcardPattern.Matches(text, resource, ignoreCase: false)) return true;
        return false;
    }

    public static PolicyStatement Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new FormatException("A policy statement must be an object");
        string? sid = null;
        PolicyEffect? effect = null;
        string[]? actions = null, resources = null;
        bool notAction = false, notResource = false;
        var conditions = new List<ConditionClause>();
        foreach (var member in json.EnumerateObject())
        {
            switch (member.Name)
            {
                case "Sid": sid = member.Value.GetString(); break;
                case "Effect":
                    effect = member.Value.GetString() switch
                    {
                        "Allow" => PolicyEffect.Allow,
                        "Deny" => PolicyEffect.Deny,
                        var other => throw new FormatException($"Effect must be Allow or Deny, not '{other}'"),
                    };
                    break;
                case "Action": case "NotAction":
                    if (actions is not null) throw new FormatException("A statement has either Action or NotAction, not both");
                    actions = Strings(member.Value, member.Name);
                    notAction = member.Name == "NotAction";
                    break;
                case "Resource": case "NotResource":
                    if (resources is not null) throw new FormatException("A statement has either Resource or NotResource, not both");
                    resources = Strings(member.Value, member.Name);
                    notResource = member.Name == "NotResource";
                    break;
                case "Condition":
                    if (member.Value.ValueKind != JsonValueKind.Object) throw new FormatException("Condition must be an object");
                    foreach (var op in member.Value.EnumerateObject())
                    {
                        if (op.Value.ValueKind != JsonValueKind.Object) throw new FormatException($"Condition '{op.Name}' must map keys to values");
                        foreach (var key in op.Value.EnumerateObject())
                            conditions.Add(ConditionClause.Create(op.Name, key.Name, Strings(key.Value, key.Name)));
                    }
                    break;
                case "Principal": case "NotPrincipal":
                    throw new FormatException("Identity-based policies have no Principal; the policy applies to the principal it is attached to");
                default:
                    throw new FormatException($"Unknown statement member '{member.Name}'");
            }
        }
        if (effect is null) throw new FormatException("A statement needs an Effect");
        if (actions is null) throw new FormatException("A statement needs an Action or NotAction");
        if (resources is null) throw new FormatException("A statement needs a Resource or NotResource");
        return new PolicyStatement(sid, effect.Value, actions, notAction, [.. resources.Select(PolicyString.Parse)], notResource, [.. conditions]);
    }

    static string[] Strings(JsonElement value, string member) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        JsonValueKind.Number => [value.GetRawText()],
        JsonValueKind.Array => [.. value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()!
            : v.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number ? v.GetRawText()
            : throw new FormatException($"{member} must hold strings"))],
        _ => throw new FormatException($"{member} must be a string or a list of strings"),
    };
}
