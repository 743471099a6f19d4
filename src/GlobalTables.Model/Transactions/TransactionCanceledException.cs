using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Transactions;

/// <summary>DynamoDB's TransactionCanceledException: one reason per action, in request order.</summary>
public sealed class TransactionCanceledException(IReadOnlyList<CancellationReason> reasons)
    : DynamoException(ErrorCode.TransactionCanceled,
        $"Transaction cancelled, please refer cancellation reasons for specific reasons [{string.Join(", ", reasons.Select(r => r.Code))}]")
{
    public IReadOnlyList<CancellationReason> Reasons { get; } = reasons;
}
