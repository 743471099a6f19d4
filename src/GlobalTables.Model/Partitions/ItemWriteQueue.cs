using GlobalTables.Model.Items;

namespace GlobalTables.Model.Partitions;

/// <summary>
/// Orders a partition's commands per item. A command is decided on confirmed state only, so one whose items have
/// an event the journal has not yet confirmed waits, in arrival order, until that event is confirmed or refused;
/// commands on other items go ahead. Nothing is ever decided on a write that may still be lost.
/// </summary>
public sealed class ItemWriteQueue<TCommand>
{
    readonly HashSet<ItemKey> _held = [];
    readonly List<(IReadOnlyCollection<ItemKey> Keys, TCommand Command)> _waiting = [];
    readonly Dictionary<ItemKey, int> _waitingOn = [];

    /// <summary>Commands waiting for their items.</summary>
    public int WaitingCount => _waiting.Count;

    /// <summary>Items with an event in the journal's hands.</summary>
    public int HeldCount => _held.Count;

    /// <summary>
    /// True when the command may be decided now; otherwise it waits behind the events on its items and behind
    /// the commands that arrived before it on them.
    /// </summary>
    public bool TryAdmit(IReadOnlyCollection<ItemKey> keys, TCommand command)
    {
        if (!keys.Any(k => _held.Contains(k) || _waitingOn.ContainsKey(k))) return true;
        _waiting.Add((keys, command));
        foreach (var key in keys) _waitingOn[key] = _waitingOn.GetValueOrDefault(key) + 1;
        return false;
    }

    /// <summary>Marks items whose event is now in the journal's hands.</summary>
    public void Hold(IEnumerable<ItemKey> keys) => _held.UnionWith(keys);

    /// <summary>The journal confirmed or refused the event on these items.</summary>
    public void Release(IEnumerable<ItemKey> keys) => _held.ExceptWith(keys);

    /// <summary>
    /// The first waiting command none of whose items is held or wanted by a command before it. Take one, decide it
    /// (which may hold items), then ask again.
    /// </summary>
    public bool TryTakeNext(out TCommand command)
    {
        var blocked = new HashSet<ItemKey>();
        for (int i = 0; i < _waiting.Count; i++)
        {
            var (keys, waiting) = _waiting[i];
            if (keys.Any(k => _held.Contains(k) || blocked.Contains(k)))
            {
                blocked.UnionWith(keys);
                continue;
            }
            _waiting.RemoveAt(i);
            foreach (var key in keys)
                if (--_waitingOn[key] == 0) _waitingOn.Remove(key);
            command = waiting;
            return true;
        }
        command = default!;
        return false;
    }

    /// <summary>
    /// The commands waiting on <paramref name="key"/> alone that come next on it, in order, while <paramref name="joins"/>
    /// holds, up to <paramref name="max"/>: writes to one item that can be decided one on top of the other and go to
    /// the journal together. Call right after <see cref="TryTakeNext"/> gave a command on that key.
    /// </summary>
    public IReadOnlyList<TCommand> TakeFollowing(ItemKey key, Func<TCommand, bool> joins, int max)
    {
        var taken = new List<TCommand>();
        for (int i = 0; i < _waiting.Count && taken.Count < max; i++)
        {
            var (keys, waiting) = _waiting[i];
            if (!keys.Contains(key)) continue;
            if (keys.Count != 1 || !joins(waiting)) break;
            _waiting.RemoveAt(i--);
            if (--_waitingOn[key] == 0) _waitingOn.Remove(key);
            taken.Add(waiting);
        }
        return taken;
    }

    /// <summary>Empties the queue, oldest first: the partition is stopping and must answer every command.</summary>
    public IReadOnlyList<TCommand> TakeAll()
    {
        var all = _waiting.Select(w => w.Command).ToList();
        _waiting.Clear();
        _waitingOn.Clear();
        _held.Clear();
        return all;
    }
}
