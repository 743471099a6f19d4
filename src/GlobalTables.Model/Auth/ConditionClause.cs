using System.Globalization;

namespace GlobalTables.Model.Auth;

/// <summary>
/// One condition of a statement: an operator (with its optional <c>ForAllValues:</c>/<c>ForAnyValue:</c>
/// qualifier and <c>IfExists</c> suffix), a condition key, and the values it is compared with (any may match).
/// </summary>
public sealed class ConditionClause
{
    enum Comparator { StringEquals, StringEqualsIgnoreCase, StringLike, Arn, Bool, Null, NumericEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan, NumericGreaterThanEquals }
    enum SetQualifier { None, ForAllValues, ForAnyValue }

    readonly Comparator _comparator;
    readonly SetQualifier _qualifier;
    readonly bool _negated;
    readonly bool _ifExists;
    readonly PolicyString[] _values;

    public string Operator { get; }
    public string Key { get; }

    ConditionClause(string op, string key, Comparator comparator, SetQualifier qualifier, bool negated, bool ifExists, PolicyString[] values)
    {
        Operator = op;
        Key = key;
        _comparator = comparator;
        _qualifier = qualifier;
        _negated = negated;
        _ifExists = ifExists;
        _values = values;
    }

    /// <summary>Parses an operator such as <c>ForAllValues:StringEquals</c> or <c>StringLikeIfExists</c>; throws FormatException for one IAM does not have.</summary>
    public static ConditionClause Create(string op, string key, IReadOnlyList<string> values)
    {
        var rest = op;
        var qualifier = SetQualifier.None;
        if (rest.StartsWith("ForAllValues:", StringComparison.OrdinalIgnoreCase)) { qualifier = SetQualifier.ForAllValues; rest = rest["ForAllValues:".Length..]; }
        else if (rest.StartsWith("ForAnyValue:", StringComparison.OrdinalIgnoreCase)) { qualifier = SetQualifier.ForAnyValue; rest = rest["ForAnyValue:".Length..]; }
        bool ifExists = rest.EndsWith("IfExists", StringComparison.OrdinalIgnoreCase) && !rest.Equals("Null", StringComparison.OrdinalIgnoreCase);
        if (ifExists) rest = rest[..^"IfExists".Length];
        (Comparator comparator, bool negated) = rest.ToLowerInvariant() switch
        {
            "stringequals" => (Comparator.StringEquals, false),
            "stringnotequals" => (Comparator.StringEquals, true),
            "stringequalsignorecase" => (Comparator.StringEqualsIgnoreCase, false),
            "stringnotequalsignorecase" => (Comparator.StringEqualsIgnoreCase, true),
            "stringlike" => (Comparator.StringLike, false),
            "stringnotlike" => (Comparator.StringLike, true),
            "arnequals" or "arnlike" => (Comparator.Arn, false),
            "arnnotequals" or "arnnotlike" => (Comparator.Arn, true),
            "bool" => (Comparator.Bool, false),
            "null" => (Comparator.Null, false),
            "numericequals" => (Comparator.NumericEquals, false),
            "numericnotequals" => (Comparator.NumericEquals, true),
            "numericlessthan" => (Comparator.NumericLessThan, false),
            "numericlessthanequals" => (Comparator.NumericLessThanEquals, false),
            "numericgreaterthan" => (Comparator.NumericGreaterThan, false),
            "numericgreaterthanequals" => (Comparator.NumericGreaterThanEquals, false),
            _ => throw new FormatException($"Unsupported condition operator '{op}'"),
        };
        if (values.Count == 0) throw new FormatException($"Condition '{op}' on '{key}' has no values");
        return new ConditionClause(op, key, comparator, qualifier, negated, ifExists, [.. values.Select(PolicyString.Parse)]);
    }

    public bool IsSatisfied(ConditionContext context, IPolicyVariables variables)
    {
        var actual = context.Values(Key);
        bool present = actual is { Count: > 0 };
        if (_comparator == Comparator.Null)
        {
            foreach (var v in _values)
                if (v.Resolve(variables) is { } text && (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) ? !present : present))
                    return true;
            return false;
        }
        if (!present)
        {
            return _qualifier switch
            {
                SetQualifier.ForAllValues => true,
                SetQualifier.ForAnyValue => false,
                _ => _ifExists || _negated,
            };
        }
        switch (_qualifier)
        {
            case SetQualifier.ForAllValues:
                foreach (var value in actual!)
                    if (MatchesAny(value, variables) == _negated) return false;
                return true;
            case SetQualifier.ForAnyValue:
                foreach (var value in actual!)
                    if (MatchesAny(value, variables) != _negated) return true;
                return false;
            default:
                if (_negated)
                {
                    foreach (var value in actual!)
                        if (MatchesAny(value, variables)) return false;
                    return true;
                }
                foreach (var value in actual!)
                    if (MatchesAny(value, variables)) return true;
                return false;
        }
    }

    bool MatchesAny(string actual, IPolicyVariables variables)
    {
        foreach (var v in _values)
            if (v.Resolve(variables) is { } expected && Compare(expected, actual)) return true;
        return false;
    }

    bool Compare(string expected, string actual) => _comparator switch
    {
        Comparator.StringEquals => string.Equals(expected, actual, StringComparison.Ordinal),
        Comparator.StringEqualsIgnoreCase => string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase),
        Comparator.StringLike or Comparator.Arn => WildcardPattern.Matches(expected, actual, ignoreCase: false),
        Comparator.Bool => string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase),
        _ => CompareNumbers(expected, actual),
    };

    bool CompareNumbers(string expected, string actual)
    {
        if (!decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) ||
            !decimal.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a))
            return false;
        return _comparator switch
        {
            Comparator.NumericEquals => a == e,
            Comparator.NumericLessThan => a < e,
            Comparator.NumericLessThanEquals => a <= e,
            Comparator.NumericGreaterThan => a > e,
            _ => a >= e,
        };
    }
}
