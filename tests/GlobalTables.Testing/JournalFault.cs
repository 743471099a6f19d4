using Akka.Persistence;
using Akka.Persistence.Journal;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Transactions;

namespace GlobalTables.Testing;

/// <summary>What a fault does to a write it matches.</summary>
public enum JournalFaultKind
{
    /// <summary>The write fails, unstored: the persistent actor's OnPersistFailure, and Akka stops it.</summary>
    Fail,
    /// <summary>The journal refuses the write, unstored: the persistent actor's OnPersistRejected; it goes on.</summary>
    Reject,
    /// <summary>The write is stored, and its confirmation held back until the fault's gate opens.</summary>
    Delay,
}

/// <summary>
/// One fault of <see cref="JournalFaults"/>: which writes it matches, what it does to them, how many more times,
/// and, when set, a gate that holds the journal's answer (Reject and Delay) until it opens.
/// </summary>
public sealed class JournalFault(Func<IPersistentRepresentation, bool> match, JournalFaultKind kind, int times, Task? gate)
{
    int _remaining = times;
    int _matched;

    public JournalFaultKind Kind { get; } = kind;
    public Task? Gate { get; } = gate;

    /// <summary>How many writes this fault has taken so far.</summary>
    public int Matched => Volatile.Read(ref _matched);

    internal bool TryTake(IPersistentRepresentation write)
    {
        if (Volatile.Read(ref _remaining) <= 0 || !match(write)) return false;
        if (Interlocked.Decrement(ref _remaining) < 0) return false;
        Interlocked.Increment(ref _matched);
        return true;
    }

    /// <summary>Writes of one persistent actor, or of every actor whose id starts so (a table's partitions: "Table@").</summary>
    public static Func<IPersistentRepresentation, bool> PersistenceId(string idOrPrefix) =>
        w => w.PersistenceId.StartsWith(idOrPrefix, StringComparison.Ordinal);

    /// <summary>Writes whose event (unwrapped from its tags) is a <typeparamref name="TEvent"/>.</summary>
    public static Func<IPersistentRepresentation, bool> Event<TEvent>() => w => Payload(w) is TEvent;

    /// <summary>
    /// Writes that carry an item whose attribute holds the string: an item change, or a prepared transaction that
    /// holds one.
    /// </summary>
    public static Func<IPersistentRepresentation, bool> ItemValue(string attribute, string value) => w => Payload(w) switch
    {
        ItemChanged c => Holds(c, attribute, value),
        TransactionPrepared p => p.Changes.Any(c => Holds(c, attribute, value)),
        _ => false,
    };

    /// <summary>Item changes that <paramref name="match"/> takes, persisted by any actor.</summary>
    public static Func<IPersistentRepresentation, bool> ItemChange(Func<ItemChanged, bool> match) =>
        w => Payload(w) is ItemChanged c && match(c);

    /// <summary>Time to live deletes of one persistent actor, or of every actor whose id starts so.</summary>
    public static Func<IPersistentRepresentation, bool> TimeToLiveDelete(string idOrPrefix) =>
        w => PersistenceId(idOrPrefix)(w) && Payload(w) is ItemChanged { IsTimeToLiveDelete: true };

    static bool Holds(ItemChanged change, string attribute, string value) =>
        change.NewImage is { } image && image.TryGetValue(attribute, out var v) && v.Type == AttributeType.S && v.S == value;

    static object Payload(IPersistentRepresentation w) => w.Payload is Tagged t ? t.Payload : w.Payload;
}
