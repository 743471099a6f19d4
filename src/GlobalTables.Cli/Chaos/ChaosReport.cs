namespace GlobalTables.Cli.Chaos;

/// <summary>What a chaos run did and found. Violations must be zero.</summary>
public sealed record ChaosReport(
    int Seed,
    TimeSpan Duration,
    IReadOnlyList<ChaosAction> Faults,
    long Acknowledged,
    long Refused,
    long Unknown,
    IReadOnlyDictionary<string, long> AcknowledgedByClient,
    long Deletes,
    long ConditionalRefusals,
    int LostUpdates,
    IReadOnlyList<string> CatchUps,
    double WorstRtoMs,
    long WorstRpoWrites,
    TimeSpan QuiescedAfter,
    IReadOnlyList<string> Violations);
