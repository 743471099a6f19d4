using Akka.Actor;
using Akka.Pattern;
using Akka.Persistence;

namespace GlobalTables.Region.Persistence;

/// <summary>
/// The journal's answers to one <see cref="WriteMessages"/>, told to its persistent actor once its rows have committed
/// or failed, in the order Akka's AsyncWriteJournal tells them: the batch's outcome first, then one answer per event
/// and per deferred message, in the order they were sent. Each event's answer goes with the sender of the command that
/// persisted it, so that the actor's persist handler replies to that sender. A persistent actor sends its next
/// WriteMessages only once this one is answered, so these answers need no resequencing against other writes. The
/// outcome counts as one call of the journal's circuit breaker, as in AsyncWriteJournal.
/// </summary>
public sealed class WriteMessagesReply
{
    readonly WriteMessages _request;
    readonly IReadOnlyList<Exception?> _rejections;
    readonly IActorRef _journal;
    readonly CircuitBreaker _breaker;

    /// <param name="rejections">One per atomic write of the request, in order: why it was refused, or null.</param>
    public WriteMessagesReply(WriteMessages request, IReadOnlyList<Exception?> rejections, IActorRef journal, CircuitBreaker breaker)
    {
        _request = request;
        _rejections = rejections;
        _journal = journal;
        _breaker = breaker;
    }

    /// <summary>The rows were stored: every event not refused is a success.</summary>
    public void Stored()
    {
        _breaker.Succeed();
        var id = _request.ActorInstanceId;
        Tell(WriteMessagesSuccessful.Instance, (persistent, rejection) => rejection is null
            ? new WriteMessageSuccess(persistent, id)
            : new WriteMessageRejected(persistent, rejection, id));
    }

    /// <summary>The write failed, or may have: every event fails with <paramref name="cause"/>.</summary>
    public void Failed(Exception cause)
    {
        _breaker.Fail();
        var id = _request.ActorInstanceId;
        Tell(new WriteMessagesFailed(cause, _rejections.Count), (persistent, _) => new WriteMessageFailure(persistent, cause, id));
    }

    void Tell(object outcome, Func<IPersistentRepresentation, Exception?, object> answer)
    {
        var actor = _request.PersistentActor;
        actor.Tell(outcome, _journal);
        int atomicWrite = 0;
        foreach (var envelope in _request.Messages)
        {
            if (envelope is AtomicWrite write)
            {
                var rejection = _rejections[atomicWrite++];
                foreach (var persistent in (IEnumerable<IPersistentRepresentation>)write.Payload)
                    actor.Tell(answer(persistent, rejection), persistent.Sender);
            }
            else
            {
                actor.Tell(new LoopMessageSuccess(envelope.Payload, _request.ActorInstanceId), envelope.Sender);
            }
        }
    }
}
