namespace GlobalTables.Model.Auth;

/// <summary>
/// A string of a policy (a resource or a condition value) that may hold policy variables such as
/// <c>${www.amazon.com:user_id}</c> or <c>${aws:username}</c>, split once at load time.
/// <c>${*}</c>, <c>${?}</c> and <c>${$}</c> stand for the literal characters.
/// </summary>
public sealed class PolicyString
{
    readonly string? _literal;
    readonly (string Text, bool IsVariable)[] _parts = [];

    PolicyString(string literal) => _literal = literal;
    PolicyString((string, bool)[] parts) => _parts = parts;

    public static PolicyString Parse(string text)
    {
        if (!text.Contains("${", StringComparison.Ordinal)) return new PolicyString(text);
        var parts = new List<(string, bool)>();
        int i = 0;
        while (i < text.Length)
        {
            int open = text.IndexOf("${", i, StringComparison.Ordinal);
            int close = open < 0 ? -1 : text.IndexOf('}', open + 2);
            if (open < 0 || close < 0)
            {
                parts.Add((text[i..], false));
                break;
            }
            if (open > i) parts.Add((text[i..open], false));
            var name = text[(open + 2)..close].Trim();
            parts.Add(name is "*" or "?" or "$" ? (name, false) : (name, true));
            i = close + 1;
        }
        return new PolicyString([.. parts]);
    }

    public bool HasVariables => _literal is null;

    /// <summary>True for <c>*</c> alone, which matches every string.</summary>
    public bool MatchesAll => _literal == "*";

    /// <summary>The text with its variables replaced, or null when a variable has no value for this request.</summary>
    public string? Resolve(IPolicyVariables variables)
    {
        if (_literal is not null) return _literal;
        var text = new System.Text.StringBuilder();
        foreach (var (part, isVariable) in _parts)
        {
            if (!isVariable)
            {
                text.Append(part);
                continue;
            }
            var value = variables.Variable(part);
            if (value is null) return null;
            text.Append(value);
        }
        return text.ToString();
    }

    public override string ToString() => _literal ?? string.Concat(_parts.Select(p => p.IsVariable ? "${" + p.Text + "}" : p.Text));
}
