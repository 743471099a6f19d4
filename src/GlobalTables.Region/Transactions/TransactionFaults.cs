namespace GlobalTables.Region.Transactions;

/// <summary>
/// Fault injection for crash tests of the commit: drop the Commit to chosen partitions, and hear
/// when a commit decision has been sent. Unset in normal runs.
/// </summary>
public sealed class TransactionFaults
{
    /// <summary>Returns true for a partition entity id whose Commit must be dropped.</summary>
    public Func<string, bool>? DropCommit { get; set; }

    /// <summary>Returns true for a partition entity id whose Prepare must be dropped, so the transaction waits undecided.</summary>
    public Func<string, bool>? DropPrepare { get; set; }

    /// <summary>Called with the transaction id after its Prepares went out to the partitions not dropped.</summary>
    public Action<string>? OnPreparesSent { get; set; }

    /// <summary>Called with the transaction id after its Commit went out to the partitions not dropped.</summary>
    public Action<string>? OnCommitsSent { get; set; }
}
