using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Streams;

/// <summary>CreateTable's and UpdateTable's StreamSpecification, with DynamoDB's rules and messages.</summary>
public sealed record StreamSpecification(bool Enabled, string? ViewType)
{
    public static readonly IReadOnlyList<string> ViewTypes = ["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"];

    void Check()
    {
        if (Enabled && ViewType is null)
            throw DynamoException.Validation("One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required");
        if (!Enabled && ViewType is not null)
            throw DynamoException.Validation("One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified");
    }

    /// <summary>A new table's stream, if the specification turns one on.</summary>
    public TableDefinition ApplyOnCreate(TableDefinition t, DateTimeOffset now)
    {
        Check();
        return Enabled ? t with { StreamViewType = ViewType, StreamEnabledAt = now } : t;
    }

    /// <summary>Turns the stream on or off. A view type cannot change in place: disable, then enable again.</summary>
    public TableDefinition ApplyOnUpdate(TableDefinition t, DateTimeOffset now)
    {
        Check();
        if (Enabled)
        {
            if (t.Stream is not null) throw DynamoException.Validation($"Table already has an enabled stream: TableName: {t.Name}");
            // Labels have millisecond resolution; a stream enabled again within the same millisecond must still get its own.
            var at = t.EndedStreams is { Count: > 0 } ended && ended[^1].EnabledAt >= now ? ended[^1].EnabledAt.AddMilliseconds(1) : now;
            return t with { StreamViewType = ViewType, StreamEnabledAt = at };
        }
        if (t.Stream is not { } current) throw DynamoException.Validation($"Table has no stream to disable: TableName: {t.Name}");
        var disabledAt = now > current.EnabledAt ? now : current.EnabledAt.AddMilliseconds(1);
        return t with
        {
            StreamViewType = null,
            StreamEnabledAt = null,
            EndedStreams = [.. t.EndedStreams ?? [], current with { DisabledAt = disabledAt }],
        };
    }
}
