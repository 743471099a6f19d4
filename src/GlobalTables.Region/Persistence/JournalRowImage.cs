namespace GlobalTables.Region.Persistence;

/// <summary>
/// One event as a row of Akka.Persistence.Sql's journal table, serialized and ready to insert. The columns and their
/// meaning are the plugin's, so that its replay, deletion, snapshot store and query journal read these rows as their own.
/// </summary>
/// <param name="Created">UTC ticks, as the plugin writes them.</param>
/// <param name="Tags">The tags joined the plugin's CSV way (";a;b;"), or empty.</param>
/// <param name="Manifest">The serializer's manifest, or empty.</param>
/// <param name="Identifier">The serializer's id.</param>
public sealed record JournalRowImage(
    string PersistenceId,
    long SequenceNr,
    long Created,
    byte[] Message,
    string Tags,
    string Manifest,
    int Identifier,
    string WriterUuid);
