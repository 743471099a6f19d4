using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Persistence;

namespace GlobalTables.Testing;

/// <summary>
/// The faults a region's <see cref="FaultyJournal"/> injects: fail, reject or delay chosen writes, fail deletions, or fail or
/// hold snapshot saves, until healed.
/// One per ActorSystem (an Akka extension), so tests in parallel, each with its own region, do not meet.
/// </summary>
public sealed class JournalFaults : IExtension
{
    readonly ConcurrentQueue<JournalFault> _faults = new();
    TaskCompletionSource _healed = NewGate();

    /// <summary>Adds a fault; <paramref name="times"/> bounds how many writes it takes.</summary>
    public JournalFault Add(Func<IPersistentRepresentation, bool> match, JournalFaultKind kind, int times = int.MaxValue, Task? gate = null)
    {
        var fault = new JournalFault(match, kind, times, gate);
        _faults.Enqueue(fault);
        return fault;
    }

    readonly ConcurrentDictionary<string, bool> _failedSnapshots = new(StringComparer.Ordinal);

    /// <summary>Fails every snapshot save of the actors whose persistence id starts so, until healed.</summary>
    public void FailSnapshots(string idOrPrefix) => _failedSnapshots[idOrPrefix] = true;

    /// <summary>How many snapshot saves were failed so far.</summary>
    public int SnapshotsFailed => Volatile.Read(ref _snapshotsFailed);
    int _snapshotsFailed;

    internal bool FailsSnapshotOf(string persistenceId)
    {
        if (!_failedSnapshots.Keys.Any(p => persistenceId.StartsWith(p, StringComparison.Ordinal))) return false;
        Interlocked.Increment(ref _snapshotsFailed);
        return true;
    }

    readonly ConcurrentDictionary<string, bool> _heldSnapshots = new(StringComparer.Ordinal);

    /// <summary>Holds the answer to every snapshot save of the actors whose persistence id starts so until healed, as a slow store would.</summary>
    public void HoldSnapshots(string idOrPrefix) => _heldSnapshots[idOrPrefix] = true;

    /// <summary>The gate a snapshot save's answer waits for; null when nothing holds it.</summary>
    internal Task? SnapshotGateOf(string persistenceId) =>
        _heldSnapshots.Keys.Any(p => persistenceId.StartsWith(p, StringComparison.Ordinal)) ? UntilHealed : null;

    readonly ConcurrentDictionary<string, bool> _failedDeletes = new(StringComparer.Ordinal);

    /// <summary>Fails every deletion of events of the actors whose persistence id starts so, until healed.</summary>
    public void FailDeletes(string idOrPrefix) => _failedDeletes[idOrPrefix] = true;

    /// <summary>How many deletions were failed so far.</summary>
    public int DeletesFailed => Volatile.Read(ref _deletesFailed);
    int _deletesFailed;

    internal bool FailsDeleteOf(string persistenceId)
    {
        if (!_failedDeletes.Keys.Any(p => persistenceId.StartsWith(p, StringComparison.Ordinal))) return false;
        Interlocked.Increment(ref _deletesFailed);
        return true;
    }

    /// <summary>A gate that opens when the journal heals (for a Delay or Reject held until then).</summary>
    public Task UntilHealed => _healed.Task;

    /// <summary>Removes every fault and opens every gate held until now: the journal works again.</summary>
    public void Heal()
    {
        _faults.Clear();
        _failedSnapshots.Clear();
        _heldSnapshots.Clear();
        _failedDeletes.Clear();
        Interlocked.Exchange(ref _healed, NewGate()).TrySetResult();
    }

    /// <summary>The first fault that takes this write, if any.</summary>
    internal JournalFault? Match(IPersistentRepresentation write) => _faults.FirstOrDefault(f => f.TryTake(write));

    static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static JournalFaults Get(ActorSystem system) => system.WithExtension<JournalFaults, JournalFaultsProvider>();
}

public sealed class JournalFaultsProvider : ExtensionIdProvider<JournalFaults>
{
    public override JournalFaults CreateExtension(ExtendedActorSystem system) => new();
}
