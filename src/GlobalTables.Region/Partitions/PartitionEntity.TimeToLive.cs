using Akka.Actor;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Region.Partitions;

/// <summary>
/// Time to live's deleter (docs/time-to-live.md). Every <see cref="PartitionSettings.TimeToLiveScanInterval"/> the
/// partition finds up to <see cref="PartitionSettings.TimeToLiveBatch"/> items expired and its region's to delete
/// (<see cref="ExpiredItems"/>), and deletes each through the write path as an <see cref="ExpiryRequest"/>: queued behind
/// the writes in flight on its item, decided again on the item as confirmed, persisted, replicated. A full batch is
/// followed by the next one once all of it is answered; a delete the journal does not keep leaves its item, which a
/// later pass finds again.
/// </summary>
public sealed partial class PartitionEntity
{
    sealed record TimeToLiveDue
    {
        public static readonly TimeToLiveDue Instance = new();
    }

    /// <summary>The deletes of the current pass not answered yet; no pass starts while any is.</summary>
    int _expiring;

    /// <summary>The current pass found a full batch, and none of its deletes failed: more may be due at once.</summary>
    bool _expiringMore;

    void ReceiveTimeToLive()
    {
        Command<TimeToLiveDue>(_ => DeleteExpired());
        Command<StartPartition>(_ => { });
        // The answers to this partition's own deletes.
        Command<WriteDecision>(d =>
        {
            if (d.Error is not null) _expiringMore = false;
            if (--_expiring == 0 && _expiringMore) DeleteExpired();
        });
    }

    void StartTimeToLive() =>
        Timers.StartPeriodicTimer(nameof(TimeToLiveDue), TimeToLiveDue.Instance, _settings.TimeToLiveScanInterval);

    void DeleteExpired()
    {
        if (_expiring > 0) return;
        var now = _time.GetUtcNow();
        // The definition of this very table: one re-created under the same name has another tag.
        if (_tables.Find(_state.Table) is not { } table || table.ReplicationTag != _tag) return;
        if (table.TimeToLive?.DeletingOn(now) is not { } attribute) return;
        var replicas = (table.Replicas ?? []).Select(r => r.RegionName).ToHashSet(StringComparer.Ordinal);
        var due = ExpiredItems.Due(_state.Entries, attribute, now, _state.Region, replicas, _settings.TimeToLiveBatch);
        _expiring = due.Count;
        _expiringMore = due.Count == _settings.TimeToLiveBatch;
        foreach (var key in due)
        {
            var delete = new WriteItem(new ExpiryRequest(key, attribute, now, replicas));
            Admit([key], delete, Self);
        }
    }
}
