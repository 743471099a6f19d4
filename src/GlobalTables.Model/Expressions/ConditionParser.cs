using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>
/// Recursive-descent parser for ConditionExpression, FilterExpression and KeyConditionExpression.
/// Precedence, loosest first: OR, AND, NOT, then comparators / BETWEEN / IN, then parentheses and functions.
/// Conditions and operands are parsed by one grammar and told apart afterwards, so a misplaced one is
/// reported where DynamoDB reports it.
/// </summary>
internal sealed class ConditionParser : ExpressionReader
{
    static readonly ErrorCategory[] Order =
    [
        ErrorCategory.RedundantParentheses, ErrorCategory.UnknownFunction, ErrorCategory.MisusedFunction,
        ErrorCategory.ReservedWord, ErrorCategory.UndefinedName, ErrorCategory.OperandCount,
        ErrorCategory.DistinctOperands, ErrorCategory.OperandType,
    ];

    static readonly string[] AttributeTypeNames = ["S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M"];

    ConditionParser(string text, ExpressionAttributes attributes, ExpressionKind kind) : base(text, attributes, kind) { }

    protected override ErrorCategory[] ErrorOrder => Order;

    public static ConditionNode Parse(string text, ExpressionAttributes attributes, ExpressionKind kind)
    {
        var parser = new ConditionParser(text, attributes, kind);
        var parsed = parser.ParseOr();
        parser.ExpectEnd();
        var condition = parser.AsCondition(parsed);
        parser.Errors.ThrowFirst(kind, Order);
        return condition;
    }

    static bool IsKeyword(Token token) =>
        token.IsKeyword("AND") || token.IsKeyword("OR") || token.IsKeyword("NOT") ||
        token.IsKeyword("BETWEEN") || token.IsKeyword("IN");

    ParsedNode ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsKeyword("OR"))
        {
            var leftCondition = AsCondition(left);
            CountOperator();
            Next();
            var right = ParseAnd();
            left = new ParsedNode(new OrCondition(leftCondition, AsCondition(right)), Position, false);
        }
        return left;
    }

    ParsedNode ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsKeyword("AND"))
        {
            var leftCondition = AsCondition(left);
            CountOperator();
            Next();
            var right = ParseNot();
            left = new ParsedNode(new AndCondition(leftCondition, AsCondition(right)), Position, false);
        }
        return left;
    }

    ParsedNode ParseNot()
    {
        if (!Current.IsKeyword("NOT")) return ParseComparison();
        // Each NOT counts against the operator limit, which bounds this recursion.
        CountOperator();
        Next();
        var operand = ParseNot();
        return new ParsedNode(new NotCondition(AsCondition(operand)), Position, false);
    }

    ParsedNode ParseComparison()
    {
        var left = ParsePrimary();
        var token = Current;
        Comparator? comparator = token.Kind switch
        {
            TokenKind.Equal => Comparator.Equal,
            TokenKind.NotEqual => Comparator.NotEqual,
            TokenKind.Less => Comparator.Less,
            TokenKind.LessOrEqual => Comparator.LessOrEqual,
            TokenKind.Greater => Comparator.Greater,
            TokenKind.GreaterOrEqual => Comparator.GreaterOrEqual,
            _ => null,
        };
        if (comparator is { } op)
        {
            var a = AsOperand(left);
            CountOperator();
            Next();
            var b = AsOperand(ParsePrimary());
            CheckDistinct(op.Symbol(), a, b);
            return new ParsedNode(new ComparisonCondition(op, a, b), Position, false);
        }
        if (token.IsKeyword("BETWEEN"))
        {
            var value = AsOperand(left);
            CountOperator();
            Next();
            var lower = AsOperand(ParsePrimary());
            if (!Current.IsKeyword("AND")) throw SyntaxError(Position);
            Next();
            var upper = AsOperand(ParsePrimary());
            CheckBetweenBounds(lower, upper);
            return new ParsedNode(new BetweenCondition(value, lower, upper), Position, false);
        }
        if (token.IsKeyword("IN"))
        {
            var value = AsOperand(left);
            CountOperator();
            Next();
            Expect(TokenKind.LeftParen);
            Enter();
            var candidates = new List<Operand> { AsOperand(ParseOr()) };
            while (At(TokenKind.Comma))
            {
                Next();
                candidates.Add(AsOperand(ParseOr()));
            }
            Expect(TokenKind.RightParen);
            Leave();
            if (candidates.Count > Limits.InOperandsMax)
                Errors.Add(ErrorCategory.OperandCount,
                    $"The IN operator is provided with too many operands; number of operands: {candidates.Count}");
            return new ParsedNode(new InCondition(value, candidates), Position, false);
        }
        return left;
    }

    ParsedNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.LeftParen:
            {
                Next();
                Enter();
                var inner = ParseOr();
                Expect(TokenKind.RightParen);
                Leave();
                if (inner.Parenthesized)
                    Errors.Add(ErrorCategory.RedundantParentheses, "The expression has redundant parentheses;");
                return inner with { End = Position, Parenthesized = true };
            }
            case TokenKind.ValuePlaceholder:
                Next();
                return new ParsedNode(ResolveValue(token), Position, false);
            case TokenKind.Identifier when !IsKeyword(token) && PeekAt(1).Kind == TokenKind.LeftParen:
                return ParseFunction();
            case TokenKind.Identifier or TokenKind.NamePlaceholder when AtPathStart(IsKeyword):
                return new ParsedNode(new PathOperand(ParsePath()), Position, false);
            default:
                throw SyntaxError(Position);
        }
    }

    // Function calls are not counted as operators here: DynamoDB answers a condition that nests an unknown
    // function 1,355 deep (4 KB) with "Invalid function name", not with the operator limit.
    ParsedNode ParseFunction()
    {
        var name = Next().Text;
        // Known before the arguments are read, so a nesting too deep to read still reports the name.
        int arity = Arity(name);
        if (arity == 0) Errors.Add(ErrorCategory.UnknownFunction, $"Invalid function name; function: {name}");
        Expect(TokenKind.LeftParen);
        Enter();
        var arguments = new List<Operand> { AsOperand(ParseOr()) };
        while (At(TokenKind.Comma))
        {
            Next();
            arguments.Add(AsOperand(ParseOr()));
        }
        Expect(TokenKind.RightParen);
        Leave();
        return new ParsedNode(BuildFunction(name, arity, arguments), Position, false);
    }

    static int Arity(string function) => function switch
    {
        "attribute_exists" or "attribute_not_exists" or "size" => 1,
        "attribute_type" or "begins_with" or "contains" => 2,
        _ => 0,
    };

    ExpressionNode BuildFunction(string name, int arity, List<Operand> args)
    {
        if (arity == 0) return new UnknownFunctionNode();
        if (args.Count != arity)
        {
            RecordOperandCount(name, args.Count);
            return new UnknownFunctionNode();
        }
        if (arity == 2) CheckDistinct(name, args[0], args[1]);
        switch (name)
        {
            case "attribute_exists":
            case "attribute_not_exists":
                if (args[0] is not PathOperand existsPath)
                {
                    RecordRequiresPath(name);
                    return new UnknownFunctionNode();
                }
                return new AttributeExistsCondition(name, existsPath, name == "attribute_exists");
            case "attribute_type":
                if (args[0] is not PathOperand typePath)
                {
                    RecordRequiresPath(name);
                    return new UnknownFunctionNode();
                }
                CheckAttributeTypeName(args[1]);
                return new AttributeTypeCondition(typePath, args[1]);
            case "begins_with":
                foreach (var arg in args)
                    if (arg.StaticType is { } t && t is not (AttributeType.S or AttributeType.B))
                    {
                        RecordOperandType(name, t);
                        break;
                    }
                return new BeginsWithCondition(args[0], args[1]);
            case "contains":
                return new ContainsCondition(args[0], args[1]);
            default: // size
                if (args[0].StaticType is { } st && st is AttributeType.N or AttributeType.BOOL or AttributeType.NULL)
                    RecordOperandType(name, st);
                return new SizeOperand(args[0]);
        }
    }

    void CheckAttributeTypeName(Operand operand)
    {
        if (operand is ValueOperand { Value: null }) return;
        if (operand is not ValueOperand { Value: { } value })
        {
            RecordOperandType("attribute_type", "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
            return;
        }
        if (value.Type != AttributeType.S)
            RecordOperandType("attribute_type", value.Type);
        else if (Array.IndexOf(AttributeTypeNames, value.S) < 0)
            Errors.Add(ErrorCategory.OperandType,
                $"Invalid attribute type name found; type: {value.S}, valid types: {{B,NULL,SS,BOOL,L,BS,N,NS,S,M}}");
    }

    void CheckDistinct(string op, Operand first, Operand second)
    {
        if (first is PathOperand a && second is PathOperand b && a.Path.Equals(b.Path))
            Errors.Add(ErrorCategory.DistinctOperands,
                $"The first operand must be distinct from the remaining operands for this operator or function; operator: {op}, first operand: {a.Path}");
    }

    void CheckBetweenBounds(Operand lower, Operand upper)
    {
        if (lower is not ValueOperand { Value: { } lo } || upper is not ValueOperand { Value: { } hi }) return;
        if (lo.Type != hi.Type)
            Errors.Add(ErrorCategory.OperandType,
                "The BETWEEN operator requires same data type for lower and upper bounds; " +
                $"lower bound operand: AttributeValue: {AttributeComparison.Describe(lo)}, upper bound operand: AttributeValue: {AttributeComparison.Describe(hi)}");
        else if (AttributeComparison.Compare(lo, hi) > 0)
            Errors.Add(ErrorCategory.OperandType,
                "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " +
                $"lower bound operand: AttributeValue: {AttributeComparison.Describe(lo)}, upper bound operand: AttributeValue: {AttributeComparison.Describe(hi)}");
    }

    /// <summary>Where a condition is required: an operand there is a syntax error, except size(), which DynamoDB calls misused.</summary>
    ConditionNode AsCondition(ParsedNode parsed)
    {
        switch (parsed.Node)
        {
            case ConditionNode condition:
                return condition;
            case UnknownFunctionNode:
                return InvalidCondition.Instance;
            case SizeOperand:
                Errors.Add(ErrorCategory.MisusedFunction, "The function is not allowed to be used this way in an expression; function: size");
                return InvalidCondition.Instance;
            default:
                throw SyntaxError(parsed.End);
        }
    }

    /// <summary>Where an operand is required: a boolean function there is misused; another condition is a syntax error.</summary>
    Operand AsOperand(ParsedNode parsed)
    {
        switch (parsed.Node)
        {
            case Operand operand:
                return operand;
            case UnknownFunctionNode:
                return InvalidOperand.Instance;
            case FunctionCondition function:
                Errors.Add(ErrorCategory.MisusedFunction,
                    $"The function is not allowed to be used this way in an expression; function: {function.Name}");
                return InvalidOperand.Instance;
            default:
                throw SyntaxError(parsed.End);
        }
    }
}
