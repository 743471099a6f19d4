using System.Text.RegularExpressions;

namespace GlobalTables.Api.Protocol;

/// <summary>
/// botocore's shape patterns are DynamoDB's Java regular expressions. The constructs of the models that .NET reads
/// differently are rewritten; any other one fails at start-up, when the validator compiles every pattern.
/// </summary>
public static class JavaPattern
{
    static readonly (string Java, string DotNet)[] Rewrites =
    [
        // POSIX class: printable ASCII.
        (@"\p{Print}", @"[\x20-\x7E]"),
        // Java matches code points, so this pair range means U+10000..U+10FFFF; .NET sees UTF-16 units.
        (@"\uD800\uDC00-\uDBFF\uDFFF", @"\uD800-\uDFFF"),
        // Java lets any punctuation be escaped; .NET refuses \_.
        (@"\_", "_"),
    ];

    /// <summary>The pattern as a .NET Regex matching whole strings, as botocore's patterns are meant.</summary>
    public static Regex Compile(string pattern)
    {
        foreach (var (java, dotNet) in Rewrites) pattern = pattern.Replace(java, dotNet, StringComparison.Ordinal);
        return new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant);
    }
}
