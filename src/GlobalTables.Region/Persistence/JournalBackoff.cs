using Akka.Actor;
using Akka.Configuration;
using Akka.Pattern;
using GlobalTables.Model.Validation;

namespace GlobalTables.Region.Persistence;

/// <summary>
/// How every persistent actor comes back after its journal fails it. Akka stops a persistent actor whose write failed
/// (whether the write was stored is unknown); a backoff supervisor starts it again from the journal after a delay that
/// grows while the journal keeps failing. Meanwhile the supervisor answers every message at once with
/// <see cref="Unavailable"/>, so no caller waits for its ask timeout. Settings: <c>globaltables.journal-backoff</c>.
/// </summary>
public sealed record JournalBackoff(TimeSpan Min, TimeSpan Max, double RandomFactor)
{
    /// <summary>What a caller hears when the journal did not keep its write, or the actor is restarting: DynamoDB's 500, whose outcome is unknown.</summary>
    public static readonly DynamoException Unavailable = DynamoException.InternalServerError();

    /// <summary>Akka's value for "never give up": a journal that heals after an hour is used again.</summary>
    const int RetriesUnlimited = -1;

    public static JournalBackoff From(Config backoff) => new(
        backoff.GetTimeSpan("min", TimeSpan.FromMilliseconds(200)),
        backoff.GetTimeSpan("max", TimeSpan.FromSeconds(5)),
        backoff.GetDouble("random-factor", 0.2));

    public static JournalBackoff Of(ActorSystem system) => From(system.Settings.Config.GetConfig("globaltables.journal-backoff"));

    /// <summary>Props of a supervisor that runs <paramref name="child"/> as <paramref name="childName"/> and restarts it when it stops.</summary>
    public Props Supervise(Props child, string childName) =>
        BackoffSupervisor.Props(Backoff.OnStop(child, childName, Min, Max, RandomFactor, maxNrOfRetries: RetriesUnlimited)
            .WithReplyWhileStopped(new Status.Failure(Unavailable)));
}
