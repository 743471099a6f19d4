namespace GlobalTables.Model.Expressions;

/// <summary>A node of a parsed expression tree: a condition (true or false) or an operand (a value).</summary>
internal abstract class ExpressionNode;

/// <summary>
/// A node as the parser saw it: where it ended (the index of the token after it) and whether it was wrapped
/// in parentheses. Syntax errors for a node in the wrong place are reported at <see cref="End"/>.
/// </summary>
internal readonly record struct ParsedNode(ExpressionNode Node, int End, bool Parenthesized);

/// <summary>A call to a function DynamoDB does not know; only exists until the error is reported.</summary>
internal sealed class UnknownFunctionNode : ExpressionNode;
