namespace GlobalTables.Region.Transactions;

/// <summary>
/// Fault injection for crash tests of the commit: drop the Commit to chosen partitions, and hear
/// when a commit decision has been sent. Unset in normal runs.
/// </summary>
public sealed class TransactionFaults
{
    /// <summary>Returns true for a partition entity id whose Commit must be dropped.</summary>
    public Func<string, bool>? DropCommit { get; set; }

    /// <summary>Called with the transaction id after its Commit went out to the partitions not dropped.</summary>
    public Action<string>? OnCommitsSent { get; set; }
}
