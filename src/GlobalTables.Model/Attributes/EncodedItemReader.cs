using System.Text;

namespace GlobalTables.Model.Attributes;

/// <summary>
/// Reads <see cref="AttributeValueBinary"/>'s form in place: counts and lengths as 7-bit varints, strings as their
/// UTF-8 bytes after their length (as <see cref="BinaryWriter"/> writes them), numbers as a zigzag exponent and the
/// coefficient's two's complement bytes.
/// </summary>
public ref struct EncodedItemReader(ReadOnlySpan<byte> encoded)
{
    readonly ReadOnlySpan<byte> _encoded = encoded;
    int _at;

    public readonly bool AtEnd => _at == _encoded.Length;

    /// <summary>How many bytes have been read.</summary>
    public readonly int Consumed => _at;

    public byte ReadByte() => _encoded[_at++];

    /// <summary>A count or a length.</summary>
    public int ReadCount()
    {
        uint value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            byte b = _encoded[_at++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return (int)value;
        }
        throw new InvalidDataException("A count of more than five bytes");
    }

    /// <summary>A string's UTF-8 bytes, or a binary value's bytes: both are a length and the bytes.</summary>
    public ReadOnlySpan<byte> ReadLengthPrefixed()
    {
        int length = ReadCount();
        var bytes = _encoded.Slice(_at, length);
        _at += length;
        return bytes;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadLengthPrefixed());

    public DynamoNumber ReadNumber()
    {
        int zigzagExponent = ReadCount();
        int length = ReadByte();
        var number = AttributeValueBinary.NumberOf(zigzagExponent, _encoded.Slice(_at, length));
        _at += length;
        return number;
    }

    /// <summary>One whole value, its type byte first, as it is encoded: equal bytes are equal values.</summary>
    public ReadOnlySpan<byte> ReadValueBytes()
    {
        int start = _at;
        SkipValue();
        return _encoded[start.._at];
    }

    void SkipValue()
    {
        var type = (AttributeType)ReadByte();
        switch (type)
        {
            case AttributeType.S or AttributeType.B: ReadLengthPrefixed(); break;
            case AttributeType.N: SkipNumber(); break;
            case AttributeType.BOOL: _at++; break;
            case AttributeType.NULL: break;
            case AttributeType.M:
                for (int i = ReadCount(); i > 0; i--)
                {
                    ReadLengthPrefixed();
                    SkipValue();
                }
                break;
            case AttributeType.L:
                for (int i = ReadCount(); i > 0; i--) SkipValue();
                break;
            case AttributeType.SS or AttributeType.BS:
                for (int i = ReadCount(); i > 0; i--) ReadLengthPrefixed();
                break;
            case AttributeType.NS:
                for (int i = ReadCount(); i > 0; i--) SkipNumber();
                break;
            default: throw new InvalidDataException($"Unknown attribute type byte {(byte)type}");
        }
    }

    void SkipNumber()
    {
        ReadCount();
        int length = ReadByte();
        _at += length;
    }
}
