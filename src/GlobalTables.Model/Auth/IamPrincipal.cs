namespace GlobalTables.Model.Auth;

/// <summary>
/// A principal of config/iam.json: its name and ARN, attributes usable as policy variables
/// (<c>${www.amazon.com:user_id}</c>), its long-term access keys and its identity-based policies.
/// </summary>
public sealed class IamPrincipal
{
    public string Name { get; }
    public string Arn { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; }
    public IReadOnlyList<AccessKey> AccessKeys { get; }
    public IReadOnlyList<PolicyDocument> Policies { get; }

    /// <summary>The condition keys every request of this principal carries: its attributes and aws:username, aws:userid, aws:PrincipalArn.</summary>
    public ConditionContext Keys { get; }

    public IamPrincipal(string name, string arn, IReadOnlyDictionary<string, IReadOnlyList<string>> attributes,
        IReadOnlyList<AccessKey> accessKeys, IReadOnlyList<PolicyDocument> policies)
    {
        Name = name;
        Arn = arn;
        Attributes = attributes;
        AccessKeys = accessKeys;
        Policies = policies;
        Keys = new ConditionContext();
        foreach (var (key, values) in attributes) Keys.Set(key, values);
        Keys.Set("aws:username", name).Set("aws:userid", name).Set("aws:PrincipalArn", arn);
        var account = arn.Split(':') is { Length: > 4 } parts ? parts[4] : "";
        if (account.Length > 0) Keys.Set("aws:PrincipalAccount", account);
        var statements = policies.SelectMany(p => p.Statements).ToList();
        _conditionKeys = new HashSet<string>(statements.SelectMany(s => s.Conditions).Select(c => c.Key), StringComparer.OrdinalIgnoreCase);
        AllowsAllOfDynamoDb = statements.Any(s => s.AllowsAllOfDynamoDb) && statements.All(s => s.Effect == PolicyEffect.Allow);
    }

    readonly HashSet<string> _conditionKeys;

    /// <summary>
    /// True when the policies allow every DynamoDB request whatever it asks: some statement allows all of DynamoDB and
    /// none denies anything. Such a principal (the development one) need not have each request evaluated.
    /// </summary>
    public bool AllowsAllOfDynamoDb { get; }

    /// <summary>True when some statement of this principal's policies has a condition on the key, so requests compute it only then.</summary>
    public bool UsesConditionKey(string key) => _conditionKeys.Contains(key);

    public AuthorizationDecision Evaluate(AuthorizationRequest request) => PolicyEvaluator.Evaluate(Policies, request);
}
