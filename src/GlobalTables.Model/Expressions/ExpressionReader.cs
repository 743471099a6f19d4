using System.Runtime.CompilerServices;
using System.Text;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Expressions;

/// <summary>
/// The parts every expression parser shares: the token cursor, DynamoDB's syntax error, document paths,
/// and placeholder resolution against ExpressionAttributeNames and ExpressionAttributeValues.
/// </summary>
internal abstract class ExpressionReader
{
    protected readonly string Text;
    protected readonly List<Token> Tokens;
    protected readonly ExpressionKind Kind;
    protected readonly ExpressionAttributes Attributes;
    protected readonly ExpressionErrors Errors = new();
    protected int Position;
    int _operators;
    int _nesting;

    protected ExpressionReader(string text, ExpressionAttributes attributes, ExpressionKind kind)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(attributes);
        // Measured before anything else reads the text, so an oversized one costs no tokens.
        int bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > Limits.ExpressionBytesMax)
            throw DynamoException.Validation($"{kind.ErrorPrefix()}Expression size has exceeded the maximum allowed size; expression size: {bytes}");
        if (string.IsNullOrWhiteSpace(text))
            throw DynamoException.Validation(kind.ErrorPrefix() + "The expression can not be empty;");
        Text = text;
        Tokens = ExpressionLexer.Tokenize(text);
        Kind = kind;
        Attributes = attributes;
    }

    /// <summary>The order in which this language reports the errors it collected.</summary>
    protected abstract ErrorCategory[] ErrorOrder { get; }

    /// <summary>
    /// Counts one operator or function against DynamoDB's limit. DynamoDB stops at the first one too many
    /// (its message always says 301), so this throws at once, which also bounds how deep operators nest.
    /// </summary>
    protected void CountOperator()
    {
        if (++_operators > Limits.ExpressionOperatorsMax)
            throw DynamoException.Validation($"{Kind.ErrorPrefix()}The expression contains too many operators; operator count: {_operators}");
    }

    /// <summary>
    /// Enters a parenthesis, function call or IN list, which the parser reads by recursion. Past the parser's
    /// bound, or on a thread whose stack is nearly used up, it reports what it found so far (an unknown function,
    /// say), else that the expression nests too deeply: never a stack overflow, which would end the process.
    /// </summary>
    protected void Enter()
    {
        if (++_nesting <= Limits.ExpressionNestingLevelsMax && RuntimeHelpers.TryEnsureSufficientExecutionStack()) return;
        Errors.ThrowFirst(Kind, ErrorOrder);
        throw DynamoException.Validation($"{Kind.ErrorPrefix()}The expression has too many nesting levels; nesting levels: {_nesting}");
    }

    protected void Leave() => _nesting--;

    protected Token Current => Tokens[Position];

    protected Token PeekAt(int offset) => Tokens[Math.Min(Position + offset, Tokens.Count - 1)];

    protected bool At(TokenKind kind) => Tokens[Position].Kind == kind;

    protected Token Next()
    {
        var token = Tokens[Position];
        if (token.Kind != TokenKind.End) Position++;
        return token;
    }

    protected Token Expect(TokenKind kind)
    {
        if (!At(kind)) throw SyntaxError(Position);
        return Next();
    }

    protected void ExpectEnd()
    {
        if (!At(TokenKind.End)) throw SyntaxError(Position);
    }

    /// <summary>
    /// DynamoDB's syntax error: the offending token, and the text from the token before it to the token
    /// after it.
    /// </summary>
    protected DynamoException SyntaxError(int tokenIndex)
    {
        tokenIndex = Math.Clamp(tokenIndex, 0, Tokens.Count - 1);
        var token = Tokens[tokenIndex];
        int start = tokenIndex > 0 ? Tokens[tokenIndex - 1].Start : token.Start;
        int end;
        if (token.Kind == TokenKind.End) end = tokenIndex > 0 ? Tokens[tokenIndex - 1].End : 0;
        else if (tokenIndex + 1 < Tokens.Count && Tokens[tokenIndex + 1].Kind != TokenKind.End) end = Tokens[tokenIndex + 1].End;
        else end = token.End;
        var near = Text[start..end];
        return DynamoException.Validation($"{Kind.ErrorPrefix()}Syntax error; token: \"{token.Text}\", near: \"{near}\"");
    }

    /// <summary>True when the current token starts a path: a name placeholder or a bare word that is not a keyword.</summary>
    protected bool AtPathStart(Func<Token, bool> isKeyword) =>
        Current.Kind == TokenKind.NamePlaceholder || (Current.Kind == TokenKind.Identifier && !isKeyword(Current));

    /// <summary>Parses a document path; the current token must satisfy <see cref="AtPathStart"/>.</summary>
    protected DocumentPath ParsePath()
    {
        var elements = new List<PathElement> { PathElement.Key(ResolvePathName(Next())) };
        while (true)
        {
            if (At(TokenKind.Dot))
            {
                Next();
                if (Current.Kind is not (TokenKind.Identifier or TokenKind.NamePlaceholder)) throw SyntaxError(Position);
                elements.Add(PathElement.Key(ResolvePathName(Next())));
            }
            else if (At(TokenKind.LeftBracket))
            {
                Next();
                if (!At(TokenKind.Number)) throw SyntaxError(Position);
                var number = Next();
                if (!int.TryParse(number.Text, out int index)) throw SyntaxError(Position - 1);
                Expect(TokenKind.RightBracket);
                elements.Add(PathElement.At(index));
            }
            else break;
        }
        if (elements.Count > Limits.DocumentPathDepthMax)
            Errors.Add(ErrorCategory.OperandType, $"The document path has too many nesting levels; nesting levels: {elements.Count}");
        return new DocumentPath(elements);
    }

    string ResolvePathName(Token token)
    {
        if (token.Kind == TokenKind.Identifier)
        {
            if (ReservedWords.Contains(token.Text))
                Errors.Add(ErrorCategory.ReservedWord, $"Attribute name is a reserved keyword; reserved keyword: {token.Text}");
            return token.Text;
        }
        if (Attributes.Names is { } names && names.TryGetValue(token.Text, out var name))
        {
            Attributes.UsedNames.Add(token.Text);
            return name;
        }
        Errors.Add(ErrorCategory.UndefinedName,
            $"An expression attribute name used in the document path is not defined; attribute name: {token.Text}");
        return token.Text;
    }

    /// <summary>Resolves a value placeholder; null (with the error recorded) when it is not defined.</summary>
    protected ValueOperand ResolveValue(Token token)
    {
        if (Attributes.Values is { } values && values.TryGetValue(token.Text, out var value))
        {
            Attributes.UsedValues.Add(token.Text);
            return new ValueOperand(token.Text, value);
        }
        // Condition languages report the first undefined name or value; updates report names first.
        var category = Kind == ExpressionKind.Update ? ErrorCategory.UndefinedValue : ErrorCategory.UndefinedName;
        Errors.Add(category, $"An expression attribute value used in expression is not defined; attribute value: {token.Text}");
        return new ValueOperand(token.Text, null);
    }

    protected void RecordOperandCount(string function, int count) =>
        Errors.Add(ErrorCategory.OperandCount,
            $"Incorrect number of operands for operator or function; operator or function: {function}, number of operands: {count}");

    protected void RecordOperandType(string function, AttributeType type) =>
        RecordOperandType(function, type.ToString());

    protected void RecordOperandType(string function, string type) =>
        Errors.Add(ErrorCategory.OperandType,
            $"Incorrect operand type for operator or function; operator or function: {function}, operand type: {type}");

    protected void RecordRequiresPath(string function) =>
        Errors.Add(ErrorCategory.OperandType, $"Operator or function requires a document path; operator or function: {function}");
}
