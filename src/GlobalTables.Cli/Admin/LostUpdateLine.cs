using System.Text.Json;

namespace GlobalTables.Cli.Admin;

/// <summary>
/// One lost update on one line, as <c>conflicts</c> and <c>watch</c> print it: when it was detected, the table and key,
/// then the winner's and the loser's Version (a Version is stamp@region, so it names the region too).
/// </summary>
public static class LostUpdateLine
{
    public static string Markup(ConflictRow c) =>
        $"{c.DetectedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} {Spectre.Console.Markup.Escape(c.Table)} {Spectre.Console.Markup.Escape(Key(c.Key))} " +
        $"winner {Version(c.Winner)} loser {Version(c.Loser)}";

    static string Version(WriteSide side) => $"[{RegionColors.Of(side.Region)}]{Spectre.Console.Markup.Escape(side.Version)}[/]";

    /// <summary>The key's values without their types: <c>counter</c>, or <c>counter/7</c> with a sort key.</summary>
    public static string Key(JsonElement key) =>
        key.TryGetProperty("sortKey", out var sort) ? $"{Value(key.GetProperty("partitionKey"))}/{Value(sort)}" : Value(key.GetProperty("partitionKey"));

    static string Value(JsonElement attribute) =>
        attribute.EnumerateObject().FirstOrDefault() is { Value.ValueKind: JsonValueKind.String } typed ? typed.Value.GetString()! : JsonSerializer.Serialize(attribute);

    /// <summary>An item image on one line, DynamoDB's JSON, or "(delete)" for a tombstone.</summary>
    public static string Image(JsonElement? image) => image is { ValueKind: not JsonValueKind.Null } i ? JsonSerializer.Serialize(i) : "(delete)";
}
