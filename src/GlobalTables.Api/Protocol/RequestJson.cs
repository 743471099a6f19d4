using System.Text.Json;
using System.Text.Unicode;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Protocol;

/// <summary>
/// A request body as JSON, or DynamoDB's SerializationException. Text that System.Text.Json parses but cannot
/// turn into strings (invalid UTF-8, an escaped lone surrogate) is refused here, before an operation reads it.
/// </summary>
public static class RequestJson
{
    /// <summary>
    /// How deep a body may nest. Room for an attribute of DynamoDB's 32 levels (two JSON levels each) at the
    /// deepest place a request holds one, so AttributeValueJson reports DynamoDB's nesting error; deeper JSON is
    /// a SerializationException. System.Text.Json's default of 64 would refuse valid items.
    /// </summary>
    public const int DepthMax = 128;

    static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = DepthMax };
    static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = DepthMax };

    public static JsonDocument Parse(byte[] body)
    {
        if (!Utf8.IsValid(body) || HasUndecodableEscape(body)) throw Malformed();
        try { return JsonDocument.Parse(body, DocumentOptions); }
        catch (JsonException) { throw Malformed(); }
    }

    static DynamoException Malformed() => DynamoException.Serialization("");

    /// <summary>
    /// True when a string or member name escapes half a surrogate pair (<c>"\ud800"</c>), which reading it would
    /// throw on. Bodies without any <c>\u</c> escape, nearly all of them, are not read twice.
    /// </summary>
    static bool HasUndecodableEscape(ReadOnlySpan<byte> body)
    {
        if (body.IndexOf(@"\u"u8) < 0) return false;
        var reader = new Utf8JsonReader(body, ReaderOptions);
        try
        {
            while (reader.Read())
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                    reader.GetString();
            return false;
        }
        catch (InvalidOperationException) { return true; }
        // Malformed JSON: JsonDocument.Parse reports it.
        catch (JsonException) { return false; }
    }
}
