namespace GlobalTables.Model.Expressions;

/// <summary>Parser for ProjectionExpression: comma-separated document paths that must not overlap.</summary>
internal sealed class ProjectionParser : ExpressionReader
{
    static readonly ErrorCategory[] Order =
    [
        ErrorCategory.ReservedWord, ErrorCategory.UndefinedName, ErrorCategory.PathOverlap,
        ErrorCategory.PathConflict, ErrorCategory.OperandType,
    ];

    ProjectionParser(string text, ExpressionAttributes attributes) : base(text, attributes, ExpressionKind.Projection) { }

    protected override ErrorCategory[] ErrorOrder => Order;

    public static List<DocumentPath> Parse(string text, ExpressionAttributes attributes)
    {
        var parser = new ProjectionParser(text, attributes);
        var paths = new List<DocumentPath> { parser.ParseOne() };
        while (parser.At(TokenKind.Comma))
        {
            parser.Next();
            paths.Add(parser.ParseOne());
        }
        parser.ExpectEnd();
        DocumentPath.CheckOverlaps(paths, parser.Errors);
        parser.Errors.ThrowFirst(ExpressionKind.Projection, Order);
        return paths;
    }

    DocumentPath ParseOne()
    {
        if (!AtPathStart(static _ => false)) throw SyntaxError(Position);
        return ParsePath();
    }
}
