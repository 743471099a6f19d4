using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Protocol;

/// <summary>
/// Checks a request body against the operation's input shape in botocore's service model:
/// JSON types (SerializationException), then required members, lengths, ranges, patterns and
/// enums, reported together in DynamoDB's "N validation errors detected" form.
/// </summary>
public sealed class ShapeValidator
{
    const int ErrorsReportedMax = 10;

    /// <summary>Enums whose members DynamoDB lists in its message in another order than botocore's model.</summary>
    static readonly Dictionary<string, string[]> EnumOrderAsReported = new(StringComparer.Ordinal)
    {
        ["ReturnValue"] = ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"],
    };
    /// <summary>Shapes checked where they are read, with DynamoDB's own messages (AttributeValueJson).</summary>
    static readonly FrozenSet<string> CheckedByOperation = new[] { "AttributeValue" }.ToFrozenSet(StringComparer.Ordinal);
    /// <summary>
    /// Structures whose missing members, and strings whose lengths, the tagging operations answer in DynamoDB's own
    /// words (TagRules, TableArn) rather than the generic ones; their JSON types are still checked here.
    /// </summary>
    static readonly FrozenSet<string> RequiredCheckedByOperation =
        new[] { "Tag", "TagResourceInput", "UntagResourceInput", "ListTagsOfResourceInput" }.ToFrozenSet(StringComparer.Ordinal);
    static readonly FrozenSet<string> LengthCheckedByOperation = new[] { "TagKeyString", "TagValueString" }.ToFrozenSet(StringComparer.Ordinal);
    // Indexed once: JsonElement.GetProperty scans an object's members linearly. Built in the constructor and
    // never written again, so requests on many threads read them without a lock.
    readonly FrozenDictionary<string, JsonElement> _shapes;
    readonly FrozenDictionary<string, string> _inputs;
    readonly FrozenDictionary<string, Regex> _patterns;

    public static readonly ShapeValidator Instance = Load("dynamodb-shapes.json");
    public static readonly ShapeValidator Streams = Load("dynamodbstreams-shapes.json");

    ShapeValidator(JsonDocument model)
    {
        var shapes = model.RootElement.GetProperty("shapes").EnumerateObject().ToList();
        _shapes = shapes.ToFrozenDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
        _inputs = model.RootElement.GetProperty("operations").EnumerateObject()
            .Where(op => op.Value.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String)
            .ToFrozenDictionary(op => op.Name, op => op.Value.GetProperty("input").GetString()!, StringComparer.Ordinal);
        // Every pattern compiled up front: nothing is added while requests run.
        _patterns = shapes
            .Where(s => s.Value.TryGetProperty("pattern", out _))
            .Select(s => s.Value.GetProperty("pattern").GetString()!)
            .Distinct(StringComparer.Ordinal)
            .ToFrozenDictionary(p => p, JavaPattern.Compile, StringComparer.Ordinal);
    }

    /// <summary>A validator of its own over an embedded model; requests share <see cref="Instance"/> and <see cref="Streams"/>.</summary>
    internal static ShapeValidator Load(string resource)
    {
        using var stream = typeof(ShapeValidator).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded");
        return new ShapeValidator(JsonDocument.Parse(stream));
    }

    public void Validate(string operation, JsonElement body)
    {
        if (!_inputs.TryGetValue(operation, out var input)) return;
        var errors = new List<string>();
        Walk(input, body, "", "", errors);
        if (errors.Count > 0)
            throw DynamoException.Validation(
                $"{errors.Count} validation error{(errors.Count > 1 ? "s" : "")} detected: {string.Join("; ", errors.Take(ErrorsReportedMax))}");
    }

    void Walk(string shapeName, JsonElement value, string path, string memberName, List<string> errors)
    {
        var shape = _shapes[shapeName];
        var type = shape.GetProperty("type").GetString();
        if (CheckedByOperation.Contains(shapeName)) return;
        switch (type)
        {
            case "structure":
                if (value.ValueKind != JsonValueKind.Object) throw TypeError(value, "structure");
                var required = shape.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
                foreach (var member in shape.GetProperty("members").EnumerateObject())
                {
                    var memberPath = Join(path, LowerFirst(member.Name));
                    var memberShape = member.Value.GetProperty("shape").GetString()!;
                    bool present = value.TryGetProperty(member.Name, out var v) && v.ValueKind != JsonValueKind.Null;
                    if (!present)
                    {
                        if (required.Contains(member.Name) && !RequiredCheckedByOperation.Contains(shapeName)) errors.Add($"Value null at '{memberPath}' failed to satisfy constraint: Member must not be null");
                        continue;
                    }
                    Walk(memberShape, v, memberPath, member.Name, errors);
                }
                break;
            case "list":
                if (value.ValueKind != JsonValueKind.Array) throw TypeError(value, "list");
                CheckLength(shape, value.GetArrayLength(), Describe(value), path, errors);
                var itemShape = shape.GetProperty("member").GetProperty("shape").GetString()!;
                int i = 1;
                foreach (var item in value.EnumerateArray()) Walk(itemShape, item, $"{path}.{i++}.member", "member", errors);
                break;
            case "map":
                if (value.ValueKind != JsonValueKind.Object) throw TypeError(value, "map");
                CheckLength(shape, value.EnumerateObject().Count(), Describe(value), path, errors);
                var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                var keyShape = shape.GetProperty("key").GetProperty("shape").GetString()!;
                foreach (var entry in value.EnumerateObject())
                {
                    CheckString(keyShape, entry.Name, $"{path}.{entry.Name}.member", errors);
                    Walk(valueShape, entry.Value, $"{path}.{entry.Name}.member", "member", errors);
                }
                break;
            case "string":
                if (value.ValueKind != JsonValueKind.String) throw TypeError(value, "string");
                CheckString(memberName is "TableName" && !value.GetString()!.StartsWith("arn:", StringComparison.Ordinal) ? "TableName" : shapeName,
                    value.GetString()!, path, errors);
                break;
            case "integer":
            case "long":
                if (value.ValueKind != JsonValueKind.Number) throw TypeError(value, type);
                // An integer member past 32 bits does not convert, as in DynamoDB's Java front end.
                if (!value.TryGetInt64(out var n) || (type == "integer" && n is < int.MinValue or > int.MaxValue))
                    throw DynamoException.Serialization($"NUMBER_VALUE cannot be converted to {Capitalized(type)}");
                if (shape.TryGetProperty("min", out var min) && n < min.GetInt64())
                    errors.Add($"Value '{n}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {min.GetInt64()}");
                if (shape.TryGetProperty("max", out var max) && n > max.GetInt64())
                    errors.Add($"Value '{n}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {max.GetInt64()}");
                break;
            case "double":
                if (value.ValueKind != JsonValueKind.Number) throw TypeError(value, type);
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw TypeError(value, type);
                break;
            case "timestamp":
                if (value.ValueKind is not (JsonValueKind.Number or JsonValueKind.String)) throw TypeError(value, type);
                break;
            case "blob":
                if (value.ValueKind != JsonValueKind.String) throw TypeError(value, type);
                break;
        }
    }

    void CheckString(string shapeName, string s, string path, List<string> errors)
    {
        if (LengthCheckedByOperation.Contains(shapeName)) return;
        var shape = _shapes[shapeName];
        CheckLength(shape, s.Length, s, path, errors);
        if (shape.TryGetProperty("pattern", out var pattern))
        {
            var p = pattern.GetString()!;
            if (!_patterns[p].IsMatch(s))
                errors.Add($"Value '{s}' at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {p}");
        }
        if (shape.TryGetProperty("enum", out var values))
        {
            var allowed = values.EnumerateArray().Select(v => v.GetString()!).ToList();
            if (!allowed.Contains(s) && EnumOrderAsReported.TryGetValue(shapeName, out var reported)) allowed = [.. reported];
            if (!allowed.Contains(s))
                errors.Add($"Value '{s}' at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }
    }

    static void CheckLength(JsonElement shape, int length, string shown, string path, List<string> errors)
    {
        if (shape.TryGetProperty("min", out var min) && length < min.GetInt32())
            errors.Add($"Value '{shown}' at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {min.GetInt32()}");
        if (shape.TryGetProperty("max", out var max) && length > max.GetInt32())
            errors.Add($"Value '{shown}' at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max.GetInt32()}");
    }

    static string Describe(JsonElement value) => value.ValueKind == JsonValueKind.Array
        ? "[" + string.Join(", ", value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())) + "]"
        : value.GetRawText();

    static DynamoException TypeError(JsonElement value, string expected)
    {
        var message = value.ValueKind switch
        {
            JsonValueKind.Object => "Start of structure or map found where not expected.",
            JsonValueKind.Array => "Start of list found where not expected",
            JsonValueKind.Number => $"NUMBER_VALUE cannot be converted to {Capitalized(expected)}",
            JsonValueKind.String => $"STRING_VALUE cannot be converted to {Capitalized(expected)}",
            JsonValueKind.True or JsonValueKind.False => $"BOOLEAN_VALUE cannot be converted to {Capitalized(expected)}",
            _ => "Unexpected value type in payload",
        };
        if (expected is "list" && value.ValueKind != JsonValueKind.Object) message = "Expected list or null";
        if (expected is "map" && value.ValueKind != JsonValueKind.Array) message = "Expected map or null";
        return DynamoException.Serialization(message);
    }

    static string Capitalized(string type) => type switch
    {
        "long" => "Long",
        "integer" => "Integer",
        _ => char.ToUpper(type[0], CultureInfo.InvariantCulture) + type[1..],
    };

    static string Join(string path, string member) => path.Length == 0 ? member : path + "." + member;

    static string LowerFirst(string s) => char.ToLowerInvariant(s[0]) + s[1..];
}
