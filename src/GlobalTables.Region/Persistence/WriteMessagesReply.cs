using System.Collections.Immutable;
using Akka.Actor;
using Akka.Pattern;
using Akka.Persistence;

namespace GlobalTables.Region.Persistence;

/// <summary>
/// The journal's answers to one <see cref="WriteMessages"/>, told to its persistent actor once its write has ended:
/// one answer per event and per deferred message, in the order they were sent, each event's with the sender of the
/// command that persisted it (so the actor's persist handler replies to that sender), then the batch's outcome.
/// <para>Akka's AsyncWriteJournal tells the outcome first and puts every answer of every write through its resequencer,
/// an actor that restores the order the writes were sent in. The outcome is what lets a persistent actor send its next
/// WriteMessages, so told last it orders that write's answers after these without a resequencer.</para>
/// The outcome of a write the journal tried counts as one call of its circuit breaker, as in AsyncWriteJournal.
/// </summary>
public sealed class WriteMessagesReply
{
    readonly WriteMessages _request;
    readonly IActorRef _journal;
    readonly CircuitBreaker _breaker;

    public WriteMessagesReply(WriteMessages request, IActorRef journal, CircuitBreaker breaker)
    {
        _request = request;
        _journal = journal;
        _breaker = breaker;
    }

    /// <summary>
    /// Answers as the journal's write ended: stored (with the atomic writes it refused), or failed. Only this counts in
    /// the breaker: a write it failed fast, or refused before writing, was no call of the journal.
    /// </summary>
    public void Answer(Task<IImmutableList<Exception>> written)
    {
        if (written.IsCompletedSuccessfully)
        {
            _breaker.Succeed();
            Stored(written.Result);
            return;
        }
        _breaker.Fail();
        Failed(written.Exception is { InnerExceptions.Count: 1 } e ? e.InnerExceptions[0] : (Exception?)written.Exception ?? new TaskCanceledException(written));
    }

    /// <summary>The write was stored; <paramref name="rejections"/> has one entry per atomic write, null where it was kept.</summary>
    public void Stored(IReadOnlyList<Exception>? rejections)
    {
        var id = _request.ActorInstanceId;
        Tell(rejections, (persistent, rejection) => rejection is null
            ? new WriteMessageSuccess(persistent, id)
            : new WriteMessageRejected(persistent, rejection, id));
        _request.PersistentActor.Tell(WriteMessagesSuccessful.Instance, _journal);
    }

    /// <summary>The write failed, or may have: every event fails with <paramref name="cause"/>.</summary>
    public void Failed(Exception cause)
    {
        var id = _request.ActorInstanceId;
        Tell(null, (persistent, _) => new WriteMessageFailure(persistent, cause, id));
        _request.PersistentActor.Tell(new WriteMessagesFailed(cause, _request.Messages.Count(m => m is AtomicWrite)), _journal);
    }

    void Tell(IReadOnlyList<Exception>? rejections, Func<IPersistentRepresentation, Exception?, object> answer)
    {
        var actor = _request.PersistentActor;
        int atomicWrite = 0;
        foreach (var envelope in _request.Messages)
        {
            if (envelope is AtomicWrite write)
            {
                // Akka lets a journal answer null, or an empty list, when it refused nothing.
                var rejection = rejections is { Count: > 0 } ? rejections[atomicWrite] : null;
                atomicWrite++;
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
