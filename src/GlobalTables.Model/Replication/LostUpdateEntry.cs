namespace GlobalTables.Model.Replication;

/// <summary>A lost update at its position in its region's log: the journal's ordering of its event, which a read resumes after.</summary>
public sealed record LostUpdateEntry(long Offset, LostUpdate Update);
