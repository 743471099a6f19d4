namespace GlobalTables.Model.Partitions;

/// <summary>
/// When a persistent actor saves its next snapshot: once <paramref name="afterEvents"/> events were persisted (or
/// replayed) since the last one, or, for an actor with a time limit, when it is up and any event is not in one. One
/// save at a time: the count restarts when a save starts.
/// </summary>
public sealed class SnapshotSchedule(int afterEvents)
{
    long _events;
    bool _saving;

    /// <summary>Time was up while a save ran: the next chance takes it, or the events after that save would wait for more.</summary>
    bool _timeUpWhileSaving;

    /// <summary>Counts events; true when they are the first not in a snapshot, from when a time limit runs.</summary>
    public bool Add(long events)
    {
        bool first = _events == 0 && events > 0;
        _events += events;
        return first;
    }

    /// <summary>True when a snapshot is due now; the save is then taken as started.</summary>
    public bool TakeDue(bool timeUp = false)
    {
        if (_saving)
        {
            _timeUpWhileSaving |= timeUp;
            return false;
        }
        timeUp |= _timeUpWhileSaving;
        if (_events == 0 || (!timeUp && _events < afterEvents)) return false;
        _saving = true;
        _events = 0;
        _timeUpWhileSaving = false;
        return true;
    }

    /// <summary>The save ended, saved or not.</summary>
    public void Ended() => _saving = false;
}
