using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Expressions;

/// <summary>Kinds of non-syntax errors. DynamoDB reports one, chosen by a fixed order per expression language.</summary>
internal enum ErrorCategory
{
    RedundantParentheses,
    UnknownFunction,
    MisusedFunction,
    ReservedWord,
    DuplicateSection,
    UndefinedName,
    UndefinedValue,
    PathOverlap,
    PathConflict,
    UpdateOperandType,
    OperandCount,
    DistinctOperands,
    OperandType,
}

/// <summary>
/// Collects the first error of each category while a parse runs, then throws the one DynamoDB would
/// report. Syntax errors are not collected: they throw at once.
/// </summary>
internal sealed class ExpressionErrors
{
    readonly Dictionary<ErrorCategory, string> _first = new();

    public void Add(ErrorCategory category, string message) => _first.TryAdd(category, message);

    public void ThrowFirst(ExpressionKind kind, ReadOnlySpan<ErrorCategory> order)
    {
        if (_first.Count == 0) return;
        foreach (var category in order)
            if (_first.TryGetValue(category, out var message))
                throw DynamoException.Validation(kind.ErrorPrefix() + message);
        // A category outside the order is a programmer error; still report the user's mistake.
        throw DynamoException.Validation(kind.ErrorPrefix() + _first.Values.First());
    }
}
