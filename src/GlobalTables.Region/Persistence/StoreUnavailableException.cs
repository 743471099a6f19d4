namespace GlobalTables.Region.Persistence;

/// <summary>
/// The configured store cannot be used: an unknown kind, a PostgreSQL store without a connection string, or a server
/// that refuses or cannot be reached. Found before the region's ActorSystem starts, so nothing was written.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
