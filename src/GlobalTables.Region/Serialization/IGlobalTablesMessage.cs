namespace GlobalTables.Region.Serialization;

/// <summary>Marks a message or event bound to <see cref="GlobalTablesSerializer"/>.</summary>
public interface IGlobalTablesMessage;
