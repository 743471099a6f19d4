using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Transactions;

/// <summary>Why one action of a cancelled transaction failed, or Code "None" when it did not.</summary>
public sealed record CancellationReason(string Code, string? Message = null, IReadOnlyDictionary<string, AttributeValue>? Item = null)
{
    public static readonly CancellationReason None = new("None");

    public static CancellationReason ConditionalCheckFailed(IReadOnlyDictionary<string, AttributeValue>? item) =>
        new("ConditionalCheckFailed", "The conditional request failed", item);

    public static readonly CancellationReason ItemCollectionSizeLimitExceeded =
        new("ItemCollectionSizeLimitExceeded", "Collection size exceeded.");

    public static readonly CancellationReason Conflict =
        new("TransactionConflict", "Transaction is ongoing for the item");
}
