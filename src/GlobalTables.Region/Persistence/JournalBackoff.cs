using Akka.Actor;
using Akka.Configuration;
using Akka.Pattern;

namespace GlobalTables.Region.Persistence;

/// <summary>
/// How every persistent actor comes back after its journal fails it. Akka stops a persistent actor whose write failed
/// (whether the write was stored is unknown); a backoff supervisor starts it again from the journal after a delay that
/// grows while the journal keeps failing. Meanwhile the supervisor sends what it receives to dead letters, where
/// <see cref="DeadLetterReplier"/> fails each ask at once. Settings: <c>globaltables.journal-backoff</c>.
/// </summary>
public sealed record JournalBackoff(TimeSpan Min, TimeSpan Max, double RandomFactor)
{
    /// <summary>Akka's value for "never give up": a journal that heals after an hour is used again.</summary>
    const int RetriesUnlimited = -1;

    public static JournalBackoff From(Config backoff) => new(
        backoff.GetTimeSpan("min", TimeSpan.FromMilliseconds(200)),
        backoff.GetTimeSpan("max", TimeSpan.FromSeconds(5)),
        backoff.GetDouble("random-factor", 0.2));

    public static JournalBackoff Of(ActorSystem system) => From(system.Settings.Config.GetConfig("globaltables.journal-backoff"));

    /// <summary>Props of a supervisor that runs <paramref name="child"/> as <paramref name="childName"/> and restarts it when it stops.</summary>
    public Props Supervise(Props child, string childName) =>
        BackoffSupervisor.Props(Backoff.OnStop(child, childName, Min, Max, RandomFactor, maxNrOfRetries: RetriesUnlimited));
}
