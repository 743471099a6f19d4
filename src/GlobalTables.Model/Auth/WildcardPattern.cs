namespace GlobalTables.Model.Auth;

/// <summary>IAM's wildcards: <c>*</c> matches any run of characters, <c>?</c> any one character.</summary>
public static class WildcardPattern
{
    public static bool Matches(string pattern, string value, bool ignoreCase)
    {
        if (pattern.Length == 1 && pattern[0] == '*') return true;
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));
}
