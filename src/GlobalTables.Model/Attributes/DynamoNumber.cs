using System.Globalization;
using System.Numerics;
using System.Text;

namespace GlobalTables.Model.Attributes;

/// <summary>
/// A DynamoDB number: up to 38 significant decimal digits, magnitude 1E-130 to 9.99E+125.
/// Stored as coefficient * 10^exponent with trailing zeros stripped, so equal values are equal structs.
/// </summary>
public readonly struct DynamoNumber : IComparable<DynamoNumber>, IEquatable<DynamoNumber>
{
    public const int PrecisionMax = 38;
    public const int MagnitudeExponentMax = 125;
    public const int MagnitudeExponentMin = -130;

    readonly BigInteger _coefficient;
    readonly int _exponent;

    DynamoNumber(BigInteger coefficient, int exponent)
    {
        if (coefficient.IsZero) { _coefficient = BigInteger.Zero; _exponent = 0; return; }
        while (!coefficient.IsZero && coefficient % 10 == 0) { coefficient /= 10; exponent++; }
        _coefficient = coefficient;
        _exponent = exponent;
    }

    public static DynamoNumber Zero => default;
    public bool IsZero => _coefficient.IsZero;
    public int Sign => _coefficient.Sign;

    public static DynamoNumber FromLong(long value) => new(value, 0);

    /// <summary>The value as coefficient * 10^exponent, trailing zeros stripped: the binary journal form.</summary>
    public BigInteger Coefficient => _coefficient;
    public int Exponent => _exponent;

    /// <summary>Rebuilds a number from <see cref="Coefficient"/> and <see cref="Exponent"/>; no range check, for values already stored.</summary>
    public static DynamoNumber FromParts(BigInteger coefficient, int exponent) => new(coefficient, exponent);

    /// <summary>Parses and range-checks; the error text is DynamoDB's.</summary>
    public static bool TryParse(string text, out DynamoNumber number, out string? error)
    {
        number = default;
        error = null;
        if (string.IsNullOrEmpty(text)) { error = "The parameter cannot be converted to a numeric value"; return false; }
        var s = text.Trim();
        int i = 0;
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) { negative = s[i] == '-'; i++; }
        var digits = new StringBuilder();
        int fractionDigits = 0;
        bool seenDot = false, seenDigit = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c >= '0' && c <= '9') { digits.Append(c); seenDigit = true; if (seenDot) fractionDigits++; }
            else if (c == '.' && !seenDot) seenDot = true;
            else break;
        }
        int exp = 0;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            int start = i;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
            int expDigitsStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == expDigitsStart || !int.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp))
            { error = $"The parameter cannot be converted to a numeric value: {text}"; return false; }
        }
        if (!seenDigit || i != s.Length) { error = $"The parameter cannot be converted to a numeric value: {text}"; return false; }

        var digitText = digits.ToString().TrimStart('0');
        if (digitText.Length == 0) { number = Zero; return true; }
        int exponent = exp - fractionDigits;
        var trimmed = digitText.TrimEnd('0');
        exponent += digitText.Length - trimmed.Length;
        if (trimmed.Length > PrecisionMax) { error = "Attempting to store more than 38 significant digits in a Number"; return false; }
        // Magnitude is the position of the leading digit: d.ddd x 10^m.
        int magnitude = exponent + trimmed.Length - 1;
        if (magnitude > MagnitudeExponentMax) { error = "Number overflow. Attempting to store a number with magnitude larger than supported range"; return false; }
        if (magnitude < MagnitudeExponentMin) { error = "Number underflow. Attempting to store a number with magnitude smaller than supported range"; return false; }
        var coefficient = BigInteger.Parse(trimmed, CultureInfo.InvariantCulture);
        number = new DynamoNumber(negative ? -coefficient : coefficient, exponent);
        return true;
    }

    public static DynamoNumber Parse(string text) =>
        TryParse(text, out var n, out var error) ? n : throw new FormatException(error);

    /// <summary>Checks the result of arithmetic against DynamoDB's range and precision.</summary>
    public string? RangeError()
    {
        if (IsZero) return null;
        int digits = BigInteger.Abs(_coefficient).ToString(CultureInfo.InvariantCulture).Length;
        if (digits > PrecisionMax) return "Attempting to store more than 38 significant digits in a Number";
        int magnitude = _exponent + digits - 1;
        if (magnitude > MagnitudeExponentMax) return "Number overflow. Attempting to store a number with magnitude larger than supported range";
        if (magnitude < MagnitudeExponentMin) return "Number underflow. Attempting to store a number with magnitude smaller than supported range";
        return null;
    }

    static (BigInteger a, BigInteger b, int exp) Align(DynamoNumber x, DynamoNumber y)
    {
        int exp = Math.Min(x._exponent, y._exponent);
        var a = x._coefficient * BigInteger.Pow(10, x._exponent - exp);
        var b = y._coefficient * BigInteger.Pow(10, y._exponent - exp);
        return (a, b, exp);
    }

    public static DynamoNumber operator +(DynamoNumber x, DynamoNumber y)
    {
        if (x.IsZero) return y;
        if (y.IsZero) return x;
        var (a, b, exp) = Align(x, y);
        return new DynamoNumber(a + b, exp);
    }

    public static DynamoNumber operator -(DynamoNumber x) => new(-x._coefficient, x._exponent);
    public static DynamoNumber operator -(DynamoNumber x, DynamoNumber y) => x + (-y);

    public int CompareTo(DynamoNumber other)
    {
        if (Sign != other.Sign) return Sign.CompareTo(other.Sign);
        if (Sign == 0) return 0;
        var (a, b, _) = Align(this, other);
        return a.CompareTo(b);
    }

    public bool Equals(DynamoNumber other) => _coefficient == other._coefficient && _exponent == other._exponent;
    public override bool Equals(object? obj) => obj is DynamoNumber n && Equals(n);
    public override int GetHashCode() => HashCode.Combine(_coefficient, _exponent);
    public static bool operator ==(DynamoNumber a, DynamoNumber b) => a.Equals(b);
    public static bool operator !=(DynamoNumber a, DynamoNumber b) => !a.Equals(b);
    public static bool operator <(DynamoNumber a, DynamoNumber b) => a.CompareTo(b) < 0;
    public static bool operator >(DynamoNumber a, DynamoNumber b) => a.CompareTo(b) > 0;
    public static bool operator <=(DynamoNumber a, DynamoNumber b) => a.CompareTo(b) <= 0;
    public static bool operator >=(DynamoNumber a, DynamoNumber b) => a.CompareTo(b) >= 0;

    /// <summary>Canonical text, as DynamoDB returns it: plain decimal, no exponent, no trailing zeros.</summary>
    public override string ToString()
    {
        if (IsZero) return "0";
        var digits = BigInteger.Abs(_coefficient).ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(digits.Length + 8);
        if (_coefficient.Sign < 0) sb.Append('-');
        if (_exponent >= 0)
        {
            sb.Append(digits).Append('0', _exponent);
        }
        else
        {
            int point = digits.Length + _exponent;
            if (point > 0) sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
            else sb.Append("0.").Append('0', -point).Append(digits);
        }
        return sb.ToString();
    }

    /// <summary>Bytes DynamoDB charges for a number: about one byte per two significant digits, plus one.</summary>
    public int SizeBytes()
    {
        if (IsZero) return 1;
        int digits = BigInteger.Abs(_coefficient).ToString(CultureInfo.InvariantCulture).Length;
        // Digits are stored in base-100 pairs aligned to the decimal point.
        int pairs = (digits + (Math.Abs(_exponent) % 2) + 1) / 2;
        return Math.Min(21, pairs + 1);
    }

    public double ToDouble() => double.Parse(ToString(), CultureInfo.InvariantCulture);
}
