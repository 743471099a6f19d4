namespace GlobalTables.Model.Partitions;

/// <summary>Every event of a partition at or below <paramref name="Sequence"/> was in the journal by <paramref name="At"/>.</summary>
public readonly record struct RetentionMark(long Sequence, DateTimeOffset At);
