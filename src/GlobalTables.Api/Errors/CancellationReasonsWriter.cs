using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Transactions;

namespace GlobalTables.Api.Errors;

/// <summary>The CancellationReasons member of a TransactionCanceledException: one entry per action, in request order.</summary>
public static class CancellationReasonsWriter
{
    public static void WriteCancellationReasons(this Utf8JsonWriter w, IReadOnlyList<CancellationReason> reasons)
    {
        w.WriteStartArray("CancellationReasons");
        foreach (var reason in reasons)
        {
            w.WriteStartObject();
            w.WriteString("Code", reason.Code);
            if (reason.Message is not null) w.WriteString("Message", reason.Message);
            w.WriteItemMember("Item", reason.Item);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
