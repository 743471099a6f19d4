namespace GlobalTables.Model.Auth;

/// <summary>
/// The condition keys of one request (<c>dynamodb:LeadingKeys</c>, <c>aws:username</c>...), each with its
/// values. Key names are case-insensitive, as in IAM; a key that is absent has no entry. A request's
/// context falls back to its principal's (the attributes and <c>aws:</c> keys fixed at start-up), and the
/// single-valued keys are also the policy variables (<c>${aws:username}</c>).
/// </summary>
public sealed class ConditionContext(ConditionContext? parent = null) : IPolicyVariables
{
    public static readonly ConditionContext Empty = new();

    readonly Dictionary<string, IReadOnlyList<string>> _values = new(StringComparer.OrdinalIgnoreCase);

    public ConditionContext Set(string key, IReadOnlyList<string> values)
    {
        _values[key] = values;
        return this;
    }

    public ConditionContext Set(string key, string value) => Set(key, [value]);

    /// <summary>The key's values, or null when the request does not carry the key.</summary>
    public IReadOnlyList<string>? Values(string key) =>
        _values.TryGetValue(key, out var values) ? values : parent?.Values(key);

    public string? Variable(string name) => Values(name) is [var single] ? single : null;
}
