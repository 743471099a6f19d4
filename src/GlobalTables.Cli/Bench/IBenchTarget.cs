namespace GlobalTables.Cli.Bench;

/// <summary>
/// What a workload runs against: a DynamoDB endpoint, or one of the floors.
/// Setup is not timed; each worker's operations are.
/// </summary>
public interface IBenchTarget : IAsyncDisposable
{
    /// <summary>A short description of where the load goes, for the report.</summary>
    string Endpoint { get; }

    /// <summary>Prepares a fresh run (table, data); not timed.</summary>
    Task SetupAsync(BenchProgress progress, CancellationToken cancellationToken);

    IBenchWorker CreateWorker(int index, Random random, WorkerRecorder recorder);
}

/// <summary>One closed-loop client. Not thread-safe: the runner gives each worker its own.</summary>
public interface IBenchWorker
{
    /// <summary>Sends one operation and returns how many ops it counts for (a batch counts its rows).</summary>
    Task<int> ExecuteAsync(Operation operation, CancellationToken cancellationToken);
}
