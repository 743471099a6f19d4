using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using GlobalTables.Model.Backups;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Backups;

namespace GlobalTables.Region.Catalog;

/// <summary>
/// The region's on-demand backups, point-in-time recovery settings and restores (docs/backups.md). A backup is
/// persisted CREATING, its file written off this actor's thread, then persisted AVAILABLE; a restore persists its new
/// table CREATING with a <see cref="RestoreSummary"/> in progress, fills it, then lets it become ACTIVE. Either is
/// started again after a restart, and tried again after a failure, up to <see cref="BackupSettings.Attempts"/> times.
/// </summary>
public sealed partial class TableCatalog
{
    ImmutableSortedDictionary<string, Backup> _backups = ImmutableSortedDictionary<string, Backup>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Failed attempts, by backup ARN or restored table id, since the catalog started.</summary>
    readonly Dictionary<string, int> _attempts = [];

    void RecoverBackups()
    {
        Recover<BackupDefined>(e => _backups = _backups.SetItem(e.Backup.Arn, e.Backup));
        Recover<BackupRemoved>(e => _backups = _backups.Remove(e.Arn));
    }

    void ReceiveBackups()
    {
        Command<CreateBackup>(CreateBackupCommand);
        Command<DescribeBackup>(d => Sender.Tell(_backups.TryGetValue(d.Arn, out var b) ? new BackupResult(b, null) : new BackupResult(null, BackupNotFound(d.Arn))));
        Command<ListBackups>(l =>
        {
            var (page, last) = l.Listing.Apply(_backups.Values);
            Sender.Tell(new BackupsListed(page, last));
        });
        Command<DeleteBackup>(DeleteBackupCommand);
        Command<WriteBackup>(w =>
        {
            if (_backups.TryGetValue(w.Arn, out var b) && b.Status == BackupStatus.CREATING)
                _backupFiles.WriteAsync(b).PipeTo(Self, success: r => new BackupWritten(b.Arn, r.SizeBytes, r.ItemCount),
                    failure: e => new BackupNotWritten(b.Arn, e.GetBaseException().Message));
        });
        Command<BackupWritten>(w =>
        {
            if (!_backups.TryGetValue(w.Arn, out var b) || b.Status != BackupStatus.CREATING) return;
            Persist(new BackupDefined(b with { Status = BackupStatus.AVAILABLE, SizeBytes = w.SizeBytes, ItemCount = w.ItemCount }), e =>
            {
                _backups = _backups.SetItem(e.Backup.Arn, e.Backup);
                _log.Info("Backup {0} of {1} is AVAILABLE: {2} items, {3} bytes", e.Backup.Name, e.Backup.Table.Name, w.ItemCount, w.SizeBytes);
            });
        });
        Command<BackupNotWritten>(n =>
        {
            if (!_backups.TryGetValue(n.Arn, out var b) || b.Status != BackupStatus.CREATING) return;
            if (Failed(n.Arn, $"The backup {b.Name} of {b.Table.Name} could not be written", n.Cause, new WriteBackup(n.Arn))) return;
            Persist(new BackupRemoved(n.Arn), e => _backups = _backups.Remove(e.Arn));
        });

        Command<UpdateContinuousBackups>(u => ChangeSetting(u.TableName, $"Table not found: {u.TableName}",
            c => c with { PointInTimeRecovery = PointInTimeRecovery.Update(c.PointInTimeRecovery, u.Enabled, u.RecoveryPeriodInDays, _time.GetUtcNow()) },
            ErrorCode.TableNotFound));
        Command<RestoreTableFromBackup>(r =>
        {
            if (!_backups.TryGetValue(r.BackupArn, out var backup)) { Sender.Tell(new CatalogResult(null, BackupNotFound(r.BackupArn))); return; }
            if (backup.Status != BackupStatus.AVAILABLE)
            {
                Sender.Tell(new CatalogResult(null, new DynamoException(ErrorCode.BackupInUse, $"Backup is being created: {r.BackupArn}")));
                return;
            }
            CreateRestoredTable(backup.Table, r.TargetTableName, r.Overrides,
                new RestoreSummary(backup.Arn, backup.Table.Arn(_region, _account), backup.CreatedAt, true));
        });
        Command<RestoreTableToPointInTime>(r =>
        {
            if (!_tables.TryGetValue(r.SourceTableName, out var source) || source.Status == TableStatus.DELETING)
            {
                Sender.Tell(new CatalogResult(null, new DynamoException(ErrorCode.TableNotFound, $"Table not found: {r.SourceTableName}")));
                return;
            }
            DateTimeOffset at;
            try
            {
                at = (source.PointInTimeRecovery ?? new PointInTimeRecovery(false, PointInTimeRecovery.RecoveryPeriodDefault, default))
                    .RestoreTime(r.RestoreDateTime, _time.GetUtcNow(), _backupFiles.Settings.LatestRestorableLag, source.Name);
            }
            catch (DynamoException e) { Sender.Tell(new CatalogResult(null, e)); return; }
            CreateRestoredTable(source, r.TargetTableName, r.Overrides,
                new RestoreSummary(null, source.Arn(_region, _account), at, true, source.Name, source.TableId));
        });
        Command<FillRestoredTable>(f =>
        {
            if (_tables.TryGetValue(f.TableName, out var t) && t.TableId == f.TableId && t.Restore is { RestoreInProgress: true } restore) Fill(t, restore);
        });
        Command<RestoreFinished>(f =>
        {
            if (!_tables.TryGetValue(f.TableName, out var t) || t.TableId != f.TableId || t.Restore is not { RestoreInProgress: true } restore) return;
            Persist(new TableDefined(t with { Restore = restore with { RestoreInProgress = false } }), e =>
            {
                Apply(e);
                _log.Info("Restored {0}: {1} items", f.TableName, f.ItemCount);
                Self.Tell(new FinishTransition(t.Name, t.TableId));
            });
        });
        Command<RestoreNotFinished>(n =>
        {
            if (_tables.TryGetValue(n.TableName, out var t) && t.TableId == n.TableId)
                Failed(n.TableId, $"The restore of {n.TableName} failed", n.Cause, new FillRestoredTable(n.TableName, n.TableId));
        });
    }

    /// <summary>Tries again later and answers true, or says it gives up and answers false.</summary>
    bool Failed(string key, string what, string cause, object retry)
    {
        int attempts = _attempts.GetValueOrDefault(key) + 1;
        _attempts[key] = attempts;
        if (attempts >= _backupFiles.Settings.Attempts)
        {
            _log.Error("{0} ({1}); gave up after {2} attempts", what, cause, attempts);
            return false;
        }
        // Said on the first failure only; the retries say nothing until the outcome.
        if (attempts == 1) _log.Warning("{0} ({1}); trying again every {2}", what, cause, _backupFiles.Settings.RetryAfter);
        Timers.StartSingleTimer("retry-" + key, retry, _backupFiles.Settings.RetryAfter);
        return true;
    }

    void CreateBackupCommand(CreateBackup c)
    {
        var sender = Sender;
        if (!_tables.TryGetValue(c.TableName, out var table) || table.Status == TableStatus.DELETING)
        {
            sender.Tell(new BackupResult(null, new DynamoException(ErrorCode.TableNotFound, $"Table not found: {c.TableName}")));
            return;
        }
        if (table.Status == TableStatus.CREATING)
        {
            sender.Tell(new BackupResult(null, new DynamoException(ErrorCode.TableInUse, $"Table is being created: {c.TableName}")));
            return;
        }
        var now = _time.GetUtcNow();
        var arn = BackupArn.Of(table.Arn(_region, _account), now, Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..4]));
        var backup = new Backup(arn, c.BackupName, table, now, BackupStatus.CREATING, BackupArn.IdOf(arn) + ".gtb");
        PersistRequested(new BackupDefined(backup), sender, new BackupResult(null, DynamoException.InternalServerError()), e =>
        {
            _backups = _backups.SetItem(e.Backup.Arn, e.Backup);
            sender.Tell(new BackupResult(e.Backup, null));
            Self.Tell(new WriteBackup(e.Backup.Arn));
        });
    }

    void DeleteBackupCommand(DeleteBackup d)
    {
        var sender = Sender;
        if (!_backups.TryGetValue(d.Arn, out var backup)) { sender.Tell(new BackupResult(null, BackupNotFound(d.Arn))); return; }
        if (backup.Status == BackupStatus.CREATING)
        {
            sender.Tell(new BackupResult(null, new DynamoException(ErrorCode.BackupInUse, $"Backup is being created: {d.Arn}")));
            return;
        }
        PersistRequested(new BackupRemoved(d.Arn), sender, new BackupResult(null, DynamoException.InternalServerError()), e =>
        {
            _backups = _backups.Remove(e.Arn);
            sender.Tell(new BackupResult(backup with { Status = BackupStatus.DELETED }, null));
            // The file goes after the journal has the deletion: a failure before leaves the backup whole.
            _backupFiles.DeleteFileAsync(backup).ContinueWith(t =>
            {
                if (t.IsFaulted) _log.Warning("Could not delete the file of backup {0}: {1}", backup.Arn, t.Exception!.GetBaseException().Message);
            }, TaskScheduler.Default);
        });
    }

    void CreateRestoredTable(TableDefinition source, string targetName, RestoreOverrides overrides, RestoreSummary summary)
    {
        var sender = Sender;
        if (_tables.ContainsKey(targetName))
        {
            sender.Tell(new CatalogResult(null, new DynamoException(ErrorCode.TableAlreadyExists, $"Table already exists: {targetName}")));
            return;
        }
        TableDefinition target;
        try { target = RestoredTable.Define(source, targetName, Guid.NewGuid().ToString(), _partitionCount, _time.GetUtcNow(), overrides, summary); }
        catch (DynamoException e) { sender.Tell(new CatalogResult(null, e)); return; }
        PersistRequested(new TableDefined(target), sender, e =>
        {
            if (e.Table.SecondaryIndexes.Count > 0) DefinePartitionIndexes(e.Table);
            Fill(e.Table, summary);
        });
    }

    /// <summary>Fills a restored table from its backup, or from its source as of the restore time, off this actor's thread.</summary>
    void Fill(TableDefinition target, RestoreSummary restore)
    {
        Task<long> filling;
        if (restore.SourceBackupArn is { } arn)
            filling = _backups.TryGetValue(arn, out var backup) ? _backupFiles.RestoreAsync(backup, target)
                : Task.FromException<long>(new InvalidOperationException($"The backup {arn} was deleted"));
        else
            filling = _tables.TryGetValue(restore.SourceTableName!, out var source) && source.TableId == restore.SourceTableId
                ? _backupFiles.RestoreAsync(source, restore.RestoreDateTime, target)
                : Task.FromException<long>(new InvalidOperationException($"The table {restore.SourceTableName} was deleted"));
        filling.PipeTo(Self, success: n => new RestoreFinished(target.Name, target.TableId, n),
            failure: e => new RestoreNotFinished(target.Name, target.TableId, e.GetBaseException().Message));
    }

    static DynamoException BackupNotFound(string arn) => new(ErrorCode.BackupNotFound, $"Backup not found: {arn}");

    /// <summary>After recovery: the backups and restores a stop interrupted go on.</summary>
    void ResumeBackups()
    {
        foreach (var backup in _backups.Values.Where(b => b.Status == BackupStatus.CREATING)) Self.Tell(new WriteBackup(backup.Arn));
        foreach (var t in _tables.Values.Where(t => t.Restore is { RestoreInProgress: true })) Self.Tell(new FillRestoredTable(t.Name, t.TableId));
    }
}
