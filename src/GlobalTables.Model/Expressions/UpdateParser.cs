using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>
/// Parser for UpdateExpression: SET, REMOVE, ADD and DELETE sections in any order, each at most once,
/// each a comma-separated list of actions.
/// </summary>
internal sealed class UpdateParser : ExpressionReader
{
    static readonly ErrorCategory[] Order =
    [
        ErrorCategory.ReservedWord, ErrorCategory.UnknownFunction, ErrorCategory.DuplicateSection,
        ErrorCategory.UndefinedName, ErrorCategory.UndefinedValue, ErrorCategory.PathOverlap,
        ErrorCategory.PathConflict, ErrorCategory.UpdateOperandType, ErrorCategory.OperandCount,
        ErrorCategory.OperandType,
    ];

    UpdateParser(string text, ExpressionAttributes attributes) : base(text, attributes, ExpressionKind.Update) { }

    protected override ErrorCategory[] ErrorOrder => Order;

    public static List<UpdateAction> Parse(string text, ExpressionAttributes attributes)
    {
        var parser = new UpdateParser(text, attributes);
        var actions = parser.ParseSections();
        DocumentPath.CheckOverlaps(actions.Select(a => a.Path).ToList(), parser.Errors);
        parser.Errors.ThrowFirst(ExpressionKind.Update, Order);
        return actions;
    }

    static string? SectionOf(Token token) =>
        token.IsKeyword("SET") ? "SET" :
        token.IsKeyword("REMOVE") ? "REMOVE" :
        token.IsKeyword("ADD") ? "ADD" :
        token.IsKeyword("DELETE") ? "DELETE" : null;

    static bool IsKeyword(Token token) => SectionOf(token) is not null;

    List<UpdateAction> ParseSections()
    {
        var actions = new List<UpdateAction>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!At(TokenKind.End))
        {
            var section = SectionOf(Current) ?? throw SyntaxError(Position);
            Next();
            if (!seen.Add(section))
                Errors.Add(ErrorCategory.DuplicateSection, $"The \"{section}\" section can only be used once in an update expression;");
            actions.Add(ParseAction(section));
            while (At(TokenKind.Comma))
            {
                Next();
                actions.Add(ParseAction(section));
            }
        }
        return actions;
    }

    UpdateAction ParseAction(string section)
    {
        var path = ParseTargetPath();
        switch (section)
        {
            case "SET":
                Expect(TokenKind.Equal);
                return new SetAction(path, ParseSetValue());
            case "REMOVE":
                return new RemoveAction(path);
            default:
                if (!At(TokenKind.ValuePlaceholder)) throw SyntaxError(Position);
                var value = ResolveValue(Next());
                CheckAddOrDeleteOperand(section, value);
                return section == "ADD" ? new AddAction(path, value) : new DeleteAction(path, value);
        }
    }

    DocumentPath ParseTargetPath()
    {
        if (!AtPathStart(IsKeyword)) throw SyntaxError(Position);
        return ParsePath();
    }

    void CheckAddOrDeleteOperand(string section, ValueOperand value)
    {
        if (value.Value is not { } v) return;
        string? typeName = v.Type switch
        {
            AttributeType.S => "STRING",
            AttributeType.N => section == "ADD" ? null : "NUMBER",
            AttributeType.B => "BINARY",
            AttributeType.NULL => "NULL",
            AttributeType.BOOL => "BOOLEAN",
            AttributeType.L => "LIST",
            AttributeType.M => "MAP",
            _ => null,
        };
        if (typeName is not null)
            Errors.Add(ErrorCategory.UpdateOperandType,
                $"Incorrect operand type for operator or function; operator: {section}, operand type: {typeName}");
    }

    /// <summary>
    /// <c>operand</c>, <c>operand + operand</c> or <c>operand - operand</c>; any part may be parenthesized,
    /// but arithmetic does not nest.
    /// </summary>
    Operand ParseSetValue()
    {
        var left = ParseOperand();
        if (!At(TokenKind.Plus) && !At(TokenKind.Minus)) return left;
        if (left is ArithmeticOperand) throw SyntaxError(Position);
        CountOperator();
        var op = Next();
        int rightStart = Position;
        var right = ParseOperand();
        if (right is ArithmeticOperand) throw SyntaxError(rightStart);
        foreach (var operand in (Operand[])[left, right])
            if (operand is ValueOperand { Value: { } v } && v.Type != AttributeType.N)
            {
                RecordOperandType(op.Text, v.Type);
                break;
            }
        return new ArithmeticOperand(op.Kind == TokenKind.Minus, left, right);
    }

    Operand ParseOperand()
    {
        var token = Current;
        if (token.Kind == TokenKind.LeftParen)
        {
            Next();
            Enter();
            var inner = ParseSetValue();
            Expect(TokenKind.RightParen);
            Leave();
            return inner;
        }
        if (token.Kind == TokenKind.ValuePlaceholder)
        {
            Next();
            return ResolveValue(token);
        }
        if (token.Kind == TokenKind.Identifier && !IsKeyword(token) && PeekAt(1).Kind == TokenKind.LeftParen)
            return ParseFunction();
        if (AtPathStart(IsKeyword)) return new PathOperand(ParsePath());
        throw SyntaxError(Position);
    }

    Operand ParseArgument()
    {
        int start = Position;
        var argument = ParseOperand();
        if (argument is ArithmeticOperand) throw SyntaxError(start);
        return argument;
    }

    /// <summary>A function call, which counts against the operator limit (the developer guide: "operators or functions").</summary>
    Operand ParseFunction()
    {
        var name = Next().Text;
        bool known = name is "if_not_exists" or "list_append";
        if (!known) Errors.Add(ErrorCategory.UnknownFunction, $"Invalid function name; function: {name}");
        CountOperator();
        Expect(TokenKind.LeftParen);
        Enter();
        var args = new List<Operand> { ParseArgument() };
        while (At(TokenKind.Comma))
        {
            Next();
            args.Add(ParseArgument());
        }
        Expect(TokenKind.RightParen);
        Leave();
        if (!known) return InvalidOperand.Instance;
        if (args.Count != 2)
        {
            RecordOperandCount(name, args.Count);
            return InvalidOperand.Instance;
        }
        if (name == "if_not_exists")
        {
            if (args[0] is PathOperand path) return new IfNotExistsOperand(path, args[1]);
            RecordRequiresPath(name);
            return InvalidOperand.Instance;
        }
        foreach (var arg in args)
            if (arg is ValueOperand { Value: { } v } && v.Type != AttributeType.L)
            {
                RecordOperandType(name, v.Type);
                break;
            }
        return new ListAppendOperand(args[0], args[1]);
    }
}
