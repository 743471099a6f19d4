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
    /// <summary>A shape of the model as the walk needs it, read from the model's JSON once.</summary>
    sealed class Shape(string name, string type)
    {
        public string Name { get; } = name;
        public string Type { get; } = type;
        public Member[] Members { get; set; } = [];
        /// <summary>A list's member, or a map's value.</summary>
        public Shape? Item { get; set; }
        public Shape? Key { get; set; }
        public long? Min { get; set; }
        public long? Max { get; set; }
        public string? PatternText { get; set; }
        public Regex? Pattern { get; set; }
        public FrozenSet<string>? Enum { get; set; }
        /// <summary>The enum's members in the order the message lists them.</summary>
        public string[] EnumAsReported { get; set; } = [];
    }

    /// <param name="PathName">The name as a path shows it: lower first letter.</param>
    sealed record Member(string Name, string PathName, Shape Shape, bool Required);

    /// <summary>One step of the path to a value: a member, a list's item (by index) or a map's entry (by key). A path is made into text only for an error.</summary>
    readonly record struct Step(string? Name, int Index, bool Listed);

    readonly FrozenDictionary<string, Shape> _inputs;
    readonly Shape _tableName;

    public static readonly ShapeValidator Instance = Load("dynamodb-shapes.json");
    public static readonly ShapeValidator Streams = Load("dynamodbstreams-shapes.json");

    ShapeValidator(JsonDocument model)
    {
        // Read once, linked once: a request walks plain objects, not the model's JSON (JsonElement.GetProperty scans
        // an object's members linearly). Never written after, so requests on many threads read them without a lock.
        var json = model.RootElement.GetProperty("shapes").EnumerateObject().ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
        var shapes = json.ToDictionary(s => s.Key, s => new Shape(s.Key, s.Value.GetProperty("type").GetString()!), StringComparer.Ordinal);
        var patterns = new Dictionary<string, Regex>(StringComparer.Ordinal);
        foreach (var (name, element) in json)
        {
            var shape = shapes[name];
            if (element.TryGetProperty("min", out var min)) shape.Min = min.GetInt64();
            if (element.TryGetProperty("max", out var max)) shape.Max = max.GetInt64();
            if (element.TryGetProperty("pattern", out var pattern))
            {
                shape.PatternText = pattern.GetString()!;
                if (!patterns.TryGetValue(shape.PatternText, out var compiled)) patterns[shape.PatternText] = compiled = JavaPattern.Compile(shape.PatternText);
                shape.Pattern = compiled;
            }
            if (element.TryGetProperty("enum", out var values))
            {
                var listed = values.EnumerateArray().Select(v => v.GetString()!).ToArray();
                shape.Enum = listed.ToFrozenSet(StringComparer.Ordinal);
                shape.EnumAsReported = EnumOrderAsReported.TryGetValue(name, out var reported) ? reported : listed;
            }
            if (element.TryGetProperty("members", out var members))
            {
                var required = element.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
                shape.Members = members.EnumerateObject().Select(m => new Member(m.Name, LowerFirst(m.Name),
                    shapes[m.Value.GetProperty("shape").GetString()!], required.Contains(m.Name))).ToArray();
            }
            if (element.TryGetProperty("member", out var item)) shape.Item = shapes[item.GetProperty("shape").GetString()!];
            if (element.TryGetProperty("value", out var value)) shape.Item = shapes[value.GetProperty("shape").GetString()!];
            if (element.TryGetProperty("key", out var key)) shape.Key = shapes[key.GetProperty("shape").GetString()!];
        }
        _inputs = model.RootElement.GetProperty("operations").EnumerateObject()
            .Where(op => op.Value.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String)
            .ToFrozenDictionary(op => op.Name, op => shapes[op.Value.GetProperty("input").GetString()!], StringComparer.Ordinal);
        _tableName = shapes.GetValueOrDefault("TableName") ?? new Shape("TableName", "string");
    }

    /// <summary>A validator of its own over an embedded model; requests share <see cref="Instance"/> and <see cref="Streams"/>.</summary>
    internal static ShapeValidator Load(string resource)
    {
        using var stream = typeof(ShapeValidator).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded");
        using var model = JsonDocument.Parse(stream);
        return new ShapeValidator(model);
    }

    public void Validate(string operation, JsonElement body)
    {
        if (!_inputs.TryGetValue(operation, out var input)) return;
        var errors = new List<string>();
        Walk(input, body, [], "", errors);
        if (errors.Count > 0)
            throw DynamoException.Validation(
                $"{errors.Count} validation error{(errors.Count > 1 ? "s" : "")} detected: {string.Join("; ", errors.Take(ErrorsReportedMax))}");
    }

    void Walk(Shape shape, JsonElement value, List<Step> path, string memberName, List<string> errors)
    {
        if (CheckedByOperation.Contains(shape.Name)) return;
        switch (shape.Type)
        {
            case "structure":
                if (value.ValueKind != JsonValueKind.Object) throw TypeError(value, "structure");
                foreach (var member in shape.Members)
                {
                    path.Add(new Step(member.PathName, 0, Listed: false));
                    bool present = value.TryGetProperty(member.Name, out var v) && v.ValueKind != JsonValueKind.Null;
                    if (present) Walk(member.Shape, v, path, member.Name, errors);
                    else if (member.Required && !RequiredCheckedByOperation.Contains(shape.Name))
                        errors.Add($"Value null at '{Text(path)}' failed to satisfy constraint: Member must not be null");
                    path.RemoveAt(path.Count - 1);
                }
                break;
            case "list":
                if (value.ValueKind != JsonValueKind.Array) throw TypeError(value, "list");
                CheckLength(shape, value.GetArrayLength(), value, static v => Describe(v), path, errors);
                int i = 1;
                foreach (var item in value.EnumerateArray())
                {
                    path.Add(new Step(null, i++, Listed: true));
                    Walk(shape.Item!, item, path, "member", errors);
                    path.RemoveAt(path.Count - 1);
                }
                break;
            case "map":
                if (value.ValueKind != JsonValueKind.Object) throw TypeError(value, "map");
                if (shape.Min is not null || shape.Max is not null) CheckLength(shape, value.EnumerateObject().Count(), value, static v => Describe(v), path, errors);
                foreach (var entry in value.EnumerateObject())
                {
                    path.Add(new Step(entry.Name, 0, Listed: true));
                    CheckString(shape.Key!, entry.Name, path, errors);
                    Walk(shape.Item!, entry.Value, path, "member", errors);
                    path.RemoveAt(path.Count - 1);
                }
                break;
            case "string":
                if (value.ValueKind != JsonValueKind.String) throw TypeError(value, "string");
                var s = value.GetString()!;
                CheckString(memberName is "TableName" && !s.StartsWith("arn:", StringComparison.Ordinal) ? _tableName : shape, s, path, errors);
                break;
            case "integer":
            case "long":
                if (value.ValueKind != JsonValueKind.Number) throw TypeError(value, shape.Type);
                // An integer member past 32 bits does not convert, as in DynamoDB's Java front end.
                if (!value.TryGetInt64(out var n) || (shape.Type == "integer" && n is < int.MinValue or > int.MaxValue))
                    throw DynamoException.Serialization($"NUMBER_VALUE cannot be converted to {Capitalized(shape.Type)}");
                if (shape.Min is { } min && n < min)
                    errors.Add($"Value '{n}' at '{Text(path)}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
                if (shape.Max is { } max && n > max)
                    errors.Add($"Value '{n}' at '{Text(path)}' failed to satisfy constraint: Member must have value less than or equal to {max}");
                break;
            case "double":
                if (value.ValueKind != JsonValueKind.Number) throw TypeError(value, shape.Type);
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw TypeError(value, shape.Type);
                break;
            case "timestamp":
                if (value.ValueKind is not (JsonValueKind.Number or JsonValueKind.String)) throw TypeError(value, shape.Type);
                break;
            case "blob":
                if (value.ValueKind != JsonValueKind.String) throw TypeError(value, shape.Type);
                break;
        }
    }

    static void CheckString(Shape shape, string s, List<Step> path, List<string> errors)
    {
        if (LengthCheckedByOperation.Contains(shape.Name)) return;
        CheckLength(shape, s.Length, s, static v => v, path, errors);
        if (shape.Pattern is { } pattern && !pattern.IsMatch(s))
            errors.Add($"Value '{s}' at '{Text(path)}' failed to satisfy constraint: Member must satisfy regular expression pattern: {shape.PatternText}");
        if (shape.Enum is { } allowed && !allowed.Contains(s))
            errors.Add($"Value '{s}' at '{Text(path)}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", shape.EnumAsReported)}]");
    }

    /// <param name="shown">What the message shows of the value; made only for an error, and static so that no check allocates.</param>
    static void CheckLength<T>(Shape shape, int length, T value, Func<T, string> shown, List<Step> path, List<string> errors)
    {
        if (shape.Min is { } min && length < min)
            errors.Add($"Value '{shown(value)}' at '{Text(path)}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        if (shape.Max is { } max && length > max)
            errors.Add($"Value '{shown(value)}' at '{Text(path)}' failed to satisfy constraint: Member must have length less than or equal to {max}");
    }

    /// <summary>A path as DynamoDB writes it: members joined by dots, list items and map entries as <c>.N.member</c>.</summary>
    static string Text(List<Step> path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var step in path)
        {
            if (step.Listed) text.Append('.').Append(step.Name ?? step.Index.ToString(CultureInfo.InvariantCulture)).Append(".member");
            else text.Append(text.Length == 0 ? "" : ".").Append(step.Name);
        }
        return text.ToString();
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

    static string LowerFirst(string s) => char.ToLowerInvariant(s[0]) + s[1..];
}
