using Akka.Actor;
using Akka.Event;

namespace GlobalTables.Region.Persistence;

/// <summary>
/// Fails an ask at once when its message went to dead letters, instead of at its timeout. Akka stops a persistent
/// actor whose journal write failed; the messages in its mailbox then, and those its backoff supervisor receives
/// until it has started the actor again, go to dead letters unprocessed. Their askers hear DynamoDB's 500 now, and
/// the SDK's retry finds the actor started again. A partition asked directly (<see cref="Partitions.LocalPartitions"/>)
/// is asked again through sharding instead.
/// </summary>
public sealed class DeadLetterReplier : ReceiveActor
{
    public static Props Props() => Akka.Actor.Props.Create(() => new DeadLetterReplier());

    public DeadLetterReplier()
    {
        Receive<DeadLetter>(d =>
        {
            if (IsAsk(d.Sender)) d.Sender.Tell(new Status.Failure(new UndeliveredException()), ActorRefs.NoSender);
        });
    }

    /// <summary>An ask's reply goes to a temporary actor of its own, under /temp.</summary>
    static bool IsAsk(IActorRef sender) =>
        sender is not null && !sender.IsNobody() && sender.Path.Elements is [ "temp", .. ];

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));
}
