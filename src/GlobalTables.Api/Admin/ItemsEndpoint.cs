using System.Text.Json;
using GlobalTables.Api.Hosting;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Queries;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Admin;

/// <summary>
/// GET /_admin/items?region=R&amp;table=T&amp;partitionKey=V&amp;limit=N: a table's items in one region as replication sees
/// them, each with its Version, Context and Lineage, which GetItem, Query and Scan do not show. With partitionKey (in
/// the key's own type: text, a number, or base64 for binary) it is a Query of that partition key, without it a Scan;
/// in key order, at most <c>limit</c> items, and <c>truncated</c> when there were more. Tombstones are left out.
/// It reads every partition of the table (<see cref="Region.RegionNode.DumpAsync"/>): a look at a table, not a way to page through a large one.
/// </summary>
public static class ItemsEndpoint
{
    public static async Task HandleAsync(HttpContext http, GlobalTablesServer server)
    {
        string? regionName = http.Request.Query["region"], tableName = http.Request.Query["table"], partitionText = http.Request.Query["partitionKey"],
            limitText = http.Request.Query["limit"];
        var settings = server.ConsoleSettings;
        int limit = settings.ItemsPageDefault;
        if (limitText is not null && (!int.TryParse(limitText, out limit) || limit < 1 || limit > settings.ItemsPageMax))
        {
            await GlobalTablesServer.WriteErrorAsync(http, DynamoException.Validation($"limit must be a whole number from 1 to {settings.ItemsPageMax}, not '{limitText}'"));
            return;
        }
        var region = server.Regions.FirstOrDefault(r => r.Name == regionName);
        var table = region?.Tables.Find(tableName ?? "");
        if (region is null || table is null)
        {
            await GlobalTablesServer.WriteErrorAsync(http, DynamoException.ResourceNotFound(region is null
                ? $"No region '{regionName}' is up here"
                : $"Requested resource not found: Table: {tableName} not found in {regionName}"));
            return;
        }
        AttributeValue? partitionKey = null;
        if (!string.IsNullOrEmpty(partitionText) && (partitionKey = KeyValue(table.TypeOf(table.KeySchema.PartitionKey.Name), partitionText)) is null)
        {
            await GlobalTablesServer.WriteErrorAsync(http, DynamoException.Validation(
                $"partitionKey '{partitionText}' is not a value of {table.KeySchema.PartitionKey.Name}'s type {table.TypeOf(table.KeySchema.PartitionKey.Name)}"));
            return;
        }

        var items = (await region.DumpAsync(table))
            .Where(e => !e.Item.IsTombstone && (partitionKey is null || AttributeValue.CompareScalars(e.Key.PartitionKey, partitionKey) == 0))
            .OrderBy(e => e.Key, ItemKeyOrder.Instance)
            .ToList();

        http.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("region", region.Name);
        w.WriteString("table", table.Name);
        w.WriteString("operation", partitionKey is null ? "Scan" : "Query");
        w.WriteStartArray("items");
        foreach (var (key, item) in items.Take(limit)) Write(w, table.KeySchema, key, item);
        w.WriteEndArray();
        w.WriteBoolean("truncated", items.Count > limit);
        w.WriteEndObject();
    }

    static void Write(Utf8JsonWriter w, KeySchema schema, ItemKey key, StoredItem item)
    {
        w.WriteStartObject();
        w.WritePropertyName("key");
        AttributeValueJson.WriteItem(w, schema.KeyAttributesOf(key));
        w.WriteString("version", item.Version.ToString());
        w.WriteString("context", item.Context.ToString());
        w.WriteString("lineage", item.DataLineage.ToString());
        w.WritePropertyName("item");
        AttributeValueJson.WriteItem(w, item.Image!);
        w.WriteEndObject();
    }

    /// <summary>A key value given as text, in the key's type; null when the text is not one.</summary>
    static AttributeValue? KeyValue(AttributeType type, string text)
    {
        switch (type)
        {
            case AttributeType.S: return AttributeValue.FromS(text);
            case AttributeType.N: return DynamoNumber.TryParse(text, out var number, out _) ? AttributeValue.FromN(number) : null;
            default:
                var bytes = new byte[text.Length];
                return Convert.TryFromBase64String(text, bytes, out var length) && length > 0 ? AttributeValue.FromB(bytes[..length]) : null;
        }
    }
}
