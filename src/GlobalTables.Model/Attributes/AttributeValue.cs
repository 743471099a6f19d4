using System.Text;

namespace GlobalTables.Model.Attributes;

/// <summary>An immutable DynamoDB attribute value.</summary>
public sealed class AttributeValue : IEquatable<AttributeValue>
{
    public AttributeType Type { get; }
    readonly object? _value;

    AttributeValue(AttributeType type, object? value) { Type = type; _value = value; }

    public static readonly AttributeValue Null = new(AttributeType.NULL, null);
    public static readonly AttributeValue True = new(AttributeType.BOOL, true);
    public static readonly AttributeValue False = new(AttributeType.BOOL, false);

    public static AttributeValue FromS(string s) => new(AttributeType.S, s);
    public static AttributeValue FromN(DynamoNumber n) => new(AttributeType.N, n);
    public static AttributeValue FromN(string n) => new(AttributeType.N, DynamoNumber.Parse(n));
    public static AttributeValue FromB(byte[] b) => new(AttributeType.B, b);
    public static AttributeValue FromBool(bool b) => b ? True : False;
    public static AttributeValue FromM(IReadOnlyDictionary<string, AttributeValue> m) => new(AttributeType.M, m);
    public static AttributeValue FromL(IReadOnlyList<AttributeValue> l) => new(AttributeType.L, l);
    public static AttributeValue FromSS(IReadOnlyList<string> ss) => new(AttributeType.SS, ss);
    public static AttributeValue FromNS(IReadOnlyList<DynamoNumber> ns) => new(AttributeType.NS, ns);
    public static AttributeValue FromBS(IReadOnlyList<byte[]> bs) => new(AttributeType.BS, bs);

    public string S => (string)_value!;
    public DynamoNumber N => (DynamoNumber)_value!;
    public byte[] B => (byte[])_value!;
    public bool Bool => (bool)_value!;
    public IReadOnlyDictionary<string, AttributeValue> M => (IReadOnlyDictionary<string, AttributeValue>)_value!;
    public IReadOnlyList<AttributeValue> L => (IReadOnlyList<AttributeValue>)_value!;
    public IReadOnlyList<string> SS => (IReadOnlyList<string>)_value!;
    public IReadOnlyList<DynamoNumber> NS => (IReadOnlyList<DynamoNumber>)_value!;
    public IReadOnlyList<byte[]> BS => (IReadOnlyList<byte[]>)_value!;

    public bool IsSet => Type is AttributeType.SS or AttributeType.NS or AttributeType.BS;

    /// <summary>Size in bytes by DynamoDB's rules, not counting the attribute's own name.</summary>
    public int SizeBytes()
    {
        switch (Type)
        {
            case AttributeType.S: return Encoding.UTF8.GetByteCount(S);
            case AttributeType.N: return N.SizeBytes();
            case AttributeType.B: return B.Length;
            case AttributeType.BOOL:
            case AttributeType.NULL: return 1;
            case AttributeType.SS: return SS.Sum(Encoding.UTF8.GetByteCount);
            case AttributeType.NS: return NS.Sum(n => n.SizeBytes());
            case AttributeType.BS: return BS.Sum(b => b.Length);
            case AttributeType.L:
                return 3 + L.Sum(v => v.SizeBytes() + 1);
            case AttributeType.M:
                return 3 + M.Sum(kv => Encoding.UTF8.GetByteCount(kv.Key) + kv.Value.SizeBytes() + 1);
            default: throw new InvalidOperationException(Type.ToString());
        }
    }

    /// <summary>Orders two scalars of the same type the way DynamoDB orders keys: N numerically, S and B bytewise.</summary>
    public static int CompareScalars(AttributeValue a, AttributeValue b)
    {
        if (a.Type != b.Type) throw new InvalidOperationException("Different types");
        return a.Type switch
        {
            AttributeType.N => a.N.CompareTo(b.N),
            AttributeType.S => CompareUtf8(a.S, b.S),
            AttributeType.B => a.B.AsSpan().SequenceCompareTo(b.B),
            _ => throw new InvalidOperationException("Not a scalar: " + a.Type),
        };
    }

    public static int CompareUtf8(string a, string b)
    {
        // UTF-16 ordinal order differs from UTF-8 byte order only around surrogates; fall back then.
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i], y = b[i];
            if (x == y) continue;
            if (char.IsSurrogate(x) || char.IsSurrogate(y))
                return Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
            return x.CompareTo(y);
        }
        return a.Length.CompareTo(b.Length);
    }

    public bool Equals(AttributeValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Type != Type) return false;
        switch (Type)
        {
            case AttributeType.S: return S == other.S;
            case AttributeType.N: return N == other.N;
            case AttributeType.B: return B.AsSpan().SequenceEqual(other.B);
            case AttributeType.BOOL: return Bool == other.Bool;
            case AttributeType.NULL: return true;
            case AttributeType.SS: return SS.Count == other.SS.Count && SS.ToHashSet(StringComparer.Ordinal).SetEquals(other.SS);
            case AttributeType.NS: return NS.Count == other.NS.Count && NS.ToHashSet().SetEquals(other.NS);
            case AttributeType.BS:
                return BS.Count == other.BS.Count &&
                       BS.Select(Convert.ToBase64String).ToHashSet().SetEquals(other.BS.Select(Convert.ToBase64String));
            case AttributeType.L:
                if (L.Count != other.L.Count) return false;
                for (int i = 0; i < L.Count; i++) if (!L[i].Equals(other.L[i])) return false;
                return true;
            case AttributeType.M:
                if (M.Count != other.M.Count) return false;
                foreach (var (k, v) in M)
                    if (!other.M.TryGetValue(k, out var ov) || !v.Equals(ov)) return false;
                return true;
            default: return false;
        }
    }

    public override bool Equals(object? obj) => Equals(obj as AttributeValue);

    public override int GetHashCode() => Type switch
    {
        AttributeType.S => HashCode.Combine(Type, S),
        AttributeType.N => HashCode.Combine(Type, N),
        AttributeType.B => HashCode.Combine(Type, B.Length, B.Length > 0 ? B[0] : 0),
        AttributeType.BOOL => HashCode.Combine(Type, Bool),
        _ => (int)Type,
    };

    public override string ToString() => AttributeValueJson.Serialize(this);
}
