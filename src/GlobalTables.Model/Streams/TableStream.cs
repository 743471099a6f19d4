using System.Globalization;

namespace GlobalTables.Model.Streams;

/// <summary>
/// One enabling of a table's stream. Disabling ends it; enabling again starts a new stream with a new
/// label and ARN, and the ended one stays readable, as DISABLED, for the retention period, as in DynamoDB.
/// </summary>
public sealed record TableStream(string ViewType, DateTimeOffset EnabledAt, DateTimeOffset? DisabledAt = null)
{
    public string Label => EnabledAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public bool IsEnabled => DisabledAt is null;

    public string Arn(string tableArn) => $"{tableArn}/stream/{Label}";

    /// <summary>Whether a journal row written at <paramref name="created"/> belongs to this stream.</summary>
    public bool Holds(DateTimeOffset created) => created >= EnabledAt && (DisabledAt is null || created < DisabledAt);
}
