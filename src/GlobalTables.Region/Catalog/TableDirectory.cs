using System.Collections.Immutable;
using GlobalTables.Model.Tables;

namespace GlobalTables.Region.Catalog;

/// <summary>
/// This node's view of the catalog's latest table definitions, readable from any thread without a message round trip.
/// Written by <see cref="TableCatalog"/> on the node it runs on, and by <see cref="DirectorySubscriber"/> on the others.
/// </summary>
public sealed class TableDirectory
{
    volatile Published _published = new(ImmutableSortedDictionary<string, TableDefinition>.Empty.WithComparers(StringComparer.Ordinal), 0);

    sealed record Published(ImmutableSortedDictionary<string, TableDefinition> Tables, long Version);

    public ImmutableSortedDictionary<string, TableDefinition> All => _published.Tables;

    /// <summary>The catalog's journal position these tables are as of.</summary>
    public long Version => _published.Version;

    public TableDefinition? Find(string name) => _published.Tables.GetValueOrDefault(name);

    /// <summary>Raised after every change, on the writer's thread: keep handlers short.</summary>
    public event Action? Changed;

    internal void Publish(ImmutableSortedDictionary<string, TableDefinition> tables, long version)
    {
        _published = new Published(tables, version);
        Changed?.Invoke();
    }

    /// <summary>
    /// Waits until these tables are as of <paramref name="version"/> or later, since a change the catalog made on another
    /// node reaches this one a moment after the catalog answered; false if they are not within <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> ReachAsync(long version, TimeSpan timeout)
    {
        if (Version >= version) return true;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (Version >= version) reached.TrySetResult();
        }
        Changed += Check;
        try
        {
            Check();
            return await Task.WhenAny(reached.Task, Task.Delay(timeout)) == reached.Task;
        }
        finally { Changed -= Check; }
    }
}
