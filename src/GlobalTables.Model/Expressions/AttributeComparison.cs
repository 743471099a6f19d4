using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>DynamoDB's comparison semantics for expressions: missing or mismatched types never match.</summary>
internal static class AttributeComparison
{
    public static bool AreEqual(AttributeValue? a, AttributeValue? b) => a is not null && b is not null && a.Equals(b);

    /// <summary>Orders two values of the same scalar type (S, N, B); null when they cannot be ordered.</summary>
    public static int? Compare(AttributeValue? a, AttributeValue? b)
    {
        if (a is null || b is null || a.Type != b.Type) return null;
        if (a.Type is not (AttributeType.S or AttributeType.N or AttributeType.B)) return null;
        return AttributeValue.CompareScalars(a, b);
    }

    public static bool BeginsWith(AttributeValue? value, AttributeValue? prefix)
    {
        if (value is null || prefix is null || value.Type != prefix.Type) return false;
        return value.Type switch
        {
            AttributeType.S => value.S.StartsWith(prefix.S, StringComparison.Ordinal),
            AttributeType.B => value.B.AsSpan().StartsWith(prefix.B),
            _ => false,
        };
    }

    /// <summary>Substring of a string or binary, member of a set, or element of a list.</summary>
    public static bool Contains(AttributeValue? haystack, AttributeValue? needle)
    {
        if (haystack is null || needle is null) return false;
        switch (haystack.Type)
        {
            case AttributeType.S:
                return needle.Type == AttributeType.S && haystack.S.Contains(needle.S, StringComparison.Ordinal);
            case AttributeType.B:
                return needle.Type == AttributeType.B && haystack.B.AsSpan().IndexOf(needle.B) >= 0;
            case AttributeType.SS:
                if (needle.Type != AttributeType.S) return false;
                foreach (var s in haystack.SS) if (string.Equals(s, needle.S, StringComparison.Ordinal)) return true;
                return false;
            case AttributeType.NS:
                if (needle.Type != AttributeType.N) return false;
                foreach (var n in haystack.NS) if (n == needle.N) return true;
                return false;
            case AttributeType.BS:
                if (needle.Type != AttributeType.B) return false;
                foreach (var b in haystack.BS) if (b.AsSpan().SequenceEqual(needle.B)) return true;
                return false;
            case AttributeType.L:
                foreach (var e in haystack.L) if (e.Equals(needle)) return true;
                return false;
            default:
                return false;
        }
    }

    /// <summary>DynamoDB's rendering of a literal in BETWEEN errors: <c>{N:5}</c>.</summary>
    public static string Describe(AttributeValue value) => value.Type switch
    {
        AttributeType.S => "{S:" + value.S + "}",
        AttributeType.N => "{N:" + value.N + "}",
        AttributeType.B => "{B:" + Convert.ToBase64String(value.B) + "}",
        _ => "{" + value.Type + ":" + AttributeValueJson.Serialize(value) + "}",
    };
}
