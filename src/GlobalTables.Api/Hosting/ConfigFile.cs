using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace GlobalTables.Api.Hosting;

/// <summary>
/// Reads a JSON file of config/ into its settings type, refusing what the type does not know: a typo in a property's
/// name would otherwise be dropped, and the setting silently left at its default.
/// </summary>
public static class ConfigFile
{
    static readonly JsonSerializerOptions Json = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>The file's settings; a missing file is the defaults. Throws <see cref="ConfigFileException"/> naming the file and the bad value.</summary>
    public static T Load<T>(string path) where T : new()
    {
        if (!File.Exists(path)) return new T();
        var text = File.ReadAllText(path);
        try
        {
            if (UnknownProperty<T>(text) is { } unknown)
                throw new ConfigFileException(path, $"unknown property \"{unknown}\"; the properties are {string.Join(", ", PropertiesOf<T>())}");
            return JsonSerializer.Deserialize<T>(text, Json) ?? new T();
        }
        catch (JsonException e) { throw new ConfigFileException(path, e.Message); }
    }

    /// <summary>The first top-level property the type has no member for: named here with the type's own names, which the serializer's refusal does not give.</summary>
    static string? UnknownProperty<T>(string text)
    {
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
        var known = PropertiesOf<T>();
        return document.RootElement.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => !known.Contains(name));
    }

    static IReadOnlyList<string> PropertiesOf<T>() => Json.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name).ToList();
}
