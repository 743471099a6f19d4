namespace GlobalTables.Model.Expressions;

internal enum TokenKind
{
    /// <summary>A bare word: an attribute name, a keyword or a function name.</summary>
    Identifier,
    /// <summary>An ExpressionAttributeNames placeholder, <c>#name</c>.</summary>
    NamePlaceholder,
    /// <summary>An ExpressionAttributeValues placeholder, <c>:value</c>.</summary>
    ValuePlaceholder,
    /// <summary>Decimal digits, only meaningful as a list index.</summary>
    Number,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    Plus,
    Minus,
    /// <summary>A character no token can start with.</summary>
    Invalid,
    End,
}

/// <summary>One token, with its span in the expression text (End is exclusive).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Start, int End)
{
    public bool IsKeyword(string keyword) =>
        Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
}
