namespace GlobalTables.Model.Expressions;

/// <summary>Splits expression text into tokens. Never throws: unknown characters become Invalid tokens.</summary>
internal static class ExpressionLexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>(Math.Min(text.Length, 64) + 1);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n') { i++; continue; }
            int start = i;
            if (IsLetter(c))
            {
                i++;
                while (i < text.Length && IsWordPart(text[i])) i++;
                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start, i));
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                tokens.Add(new Token(TokenKind.Number, text[start..i], start, i));
                continue;
            }
            if ((c == '#' || c == ':') && i + 1 < text.Length && IsWordPart(text[i + 1]))
            {
                i++;
                while (i < text.Length && IsWordPart(text[i])) i++;
                var kind = c == '#' ? TokenKind.NamePlaceholder : TokenKind.ValuePlaceholder;
                tokens.Add(new Token(kind, text[start..i], start, i));
                continue;
            }
            char next = i + 1 < text.Length ? text[i + 1] : '\0';
            (TokenKind kind2, int length) = c switch
            {
                '=' => (TokenKind.Equal, 1),
                '<' when next == '>' => (TokenKind.NotEqual, 2),
                '<' when next == '=' => (TokenKind.LessOrEqual, 2),
                '<' => (TokenKind.Less, 1),
                '>' when next == '=' => (TokenKind.GreaterOrEqual, 2),
                '>' => (TokenKind.Greater, 1),
                '(' => (TokenKind.LeftParen, 1),
                ')' => (TokenKind.RightParen, 1),
                '[' => (TokenKind.LeftBracket, 1),
                ']' => (TokenKind.RightBracket, 1),
                ',' => (TokenKind.Comma, 1),
                '.' => (TokenKind.Dot, 1),
                '+' => (TokenKind.Plus, 1),
                '-' => (TokenKind.Minus, 1),
                _ when char.IsHighSurrogate(c) && char.IsLowSurrogate(next) => (TokenKind.Invalid, 2),
                _ => (TokenKind.Invalid, 1),
            };
            i += length;
            tokens.Add(new Token(kind2, text.Substring(start, length), start, i));
        }
        tokens.Add(new Token(TokenKind.End, "<EOF>", text.Length, text.Length));
        return tokens;
    }

    static bool IsLetter(char c) => char.IsAsciiLetter(c);

    static bool IsWordPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
