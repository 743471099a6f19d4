using GlobalTables.Model.Validation;

namespace GlobalTables.Region.Persistence;

/// <summary>
/// DynamoDB's 500 for an ask whose message went to dead letters (<see cref="DeadLetterReplier"/>): the actor it was sent
/// to had stopped, so the message was not processed, and asking again where that actor now runs is safe.
/// </summary>
public sealed class UndeliveredException() : DynamoException(ErrorCode.InternalServerError, "Internal server error");
