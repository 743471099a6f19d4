using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Validation;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Expressions;

/// <summary>
/// DynamoDB's expression parameter limits (4 KB, 300 operators, IN's 100 operands, 32-level paths), and the
/// parser's own bound on nesting: hostile expressions end in a ValidationException, never a stack overflow.
/// </summary>
public class ExpressionLimitTests
{
    static readonly (string, AttributeValue)[] Values = [(":v", N(1))];

    static void Parse(ExpressionKind kind, string text)
    {
        var attributes = Attrs(Values, [("#a", "a")]);
        switch (kind)
        {
            case ExpressionKind.Update: ExpressionParser.ParseUpdate(text, attributes); break;
            case ExpressionKind.Projection: ExpressionParser.ParseProjection(text, attributes); break;
            case ExpressionKind.KeyCondition: ExpressionParser.ParseKeyCondition(text, attributes); break;
            default: ExpressionParser.ParseCondition(text, attributes, kind); break;
        }
    }

    static string Error(ExpressionKind kind, string text) => ErrorOf(() => Parse(kind, text));

    /// <summary>A valid expression of exactly <paramref name="bytes"/> bytes: spaces pad it between its first word and the rest.</summary>
    static string OfSize(ExpressionKind kind, int bytes)
    {
        var (head, tail) = kind switch
        {
            ExpressionKind.Update => ("SET", "a = :v"),
            ExpressionKind.Projection => ("a,", "b"),
            _ => ("a", "= :v"),
        };
        return head + new string(' ', bytes - head.Length - tail.Length) + tail;
    }

    static string Nested(string open, string inner, string close, int depth) =>
        string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

    [Fact]
    public void A_200_KB_condition_of_nested_parentheses_is_rejected_for_its_size()
    {
        // The expression from the crash report: a<b and (a<b and (a<b ...)).
        var text = "a<b " + Nested("and (a<b ", "", ")", 20000);
        Assert.Equal(200004, text.Length);
        Assert.Equal("Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 200004",
            Error(ExpressionKind.Condition, text));
    }

    [Theory]
    [InlineData(ExpressionKind.Condition, "ConditionExpression")]
    [InlineData(ExpressionKind.Filter, "FilterExpression")]
    [InlineData(ExpressionKind.KeyCondition, "KeyConditionExpression")]
    [InlineData(ExpressionKind.Update, "UpdateExpression")]
    [InlineData(ExpressionKind.Projection, "ProjectionExpression")]
    public void Every_expression_may_be_4096_bytes_and_not_4097(ExpressionKind kind, string parameter)
    {
        Parse(kind, OfSize(kind, 4096));
        Assert.Equal($"Invalid {parameter}: Expression size has exceeded the maximum allowed size; expression size: 4097",
            Error(kind, OfSize(kind, 4097)));
    }

    [Fact]
    public void Size_counts_UTF8_bytes_before_anything_else()
    {
        // 2,048 two-byte characters are 4,096 bytes: within the limit, so the parser reports the bad token.
        Assert.StartsWith("Invalid ConditionExpression: Syntax error; token: ", Error(ExpressionKind.Condition, new string('é', 2048)));
        Assert.Equal("Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4098",
            Error(ExpressionKind.Condition, new string('é', 2049)));
        // Size comes before the empty check, and before any syntax error.
        Assert.Equal("Invalid UpdateExpression: Expression size has exceeded the maximum allowed size; expression size: 5000",
            Error(ExpressionKind.Update, new string(' ', 5000)));
        Assert.Equal("Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 15000",
            Error(ExpressionKind.Condition, new string('(', 15000)));
    }

    [Fact]
    public void A_condition_may_have_300_operators_and_not_301()
    {
        // 150 comparisons, 149 ANDs and one NOT.
        Parse(ExpressionKind.Condition, "NOT " + string.Join(" and ", Enumerable.Repeat("a<b", 150)));
        var over = string.Join(" and ", Enumerable.Repeat("a<b", 151));
        Assert.Equal("Invalid ConditionExpression: The expression contains too many operators; operator count: 301",
            Error(ExpressionKind.Condition, over));
    }

    [Theory]
    [InlineData(149, null)]
    [InlineData(150, 301)]
    [InlineData(454, 301)]
    public void Nested_ORs_count_every_comparison_and_OR(int depth, int? reported)
    {
        // DynamoDB's own example: a<b or (a<b or (...)), parentheses not counted; it stops counting at 301.
        var text = "a<b " + Nested("or (a<b ", "", ")", depth);
        if (reported is null) Parse(ExpressionKind.Condition, text);
        else
            Assert.Equal($"Invalid ConditionExpression: The expression contains too many operators; operator count: {reported}",
                Error(ExpressionKind.Condition, text));
    }

    [Fact]
    public void NOTs_count_as_operators()
    {
        Parse(ExpressionKind.Condition, string.Concat(Enumerable.Repeat("NOT ", 298)) + "a<b");
        Assert.Equal("Invalid ConditionExpression: The expression contains too many operators; operator count: 301",
            Error(ExpressionKind.Condition, string.Concat(Enumerable.Repeat("not ", 1000)) + "a<b"));
        Assert.Equal("Invalid FilterExpression: The expression contains too many operators; operator count: 301",
            Error(ExpressionKind.Filter, Nested("NOT (", "a<b", ")", 600)));
    }

    [Fact]
    public void An_update_may_have_300_operators_or_functions_and_not_301()
    {
        static string Sets(int count, string value) => "SET " + string.Join(", ", Enumerable.Range(0, count).Select(i => $"a{i}={value}"));
        Parse(ExpressionKind.Update, Sets(300, ":v+:v"));
        Assert.Equal("Invalid UpdateExpression: The expression contains too many operators; operator count: 301",
            Error(ExpressionKind.Update, Sets(301, ":v+:v")));
        // A function call and a "+" each: 150 make 300.
        Parse(ExpressionKind.Update, Sets(150, "list_append(b,c)+:v"));
        Assert.Equal("Invalid UpdateExpression: The expression contains too many operators; operator count: 301",
            Error(ExpressionKind.Update, Sets(151, "list_append(b,c)+:v")));
    }

    [Fact]
    public void Nesting_past_the_parsers_bound_is_a_validation_error()
    {
        // DynamoDB's answer to an unknown function nested 1,355 deep names the function.
        Assert.Equal("Invalid ConditionExpression: Invalid function name; function: f",
            Error(ExpressionKind.Condition, "a < " + Nested("f(", "b", ")", 1355)));
        Assert.Equal($"Invalid ConditionExpression: The expression has too many nesting levels; nesting levels: {Limits.ExpressionNestingLevelsMax + 1}",
            Error(ExpressionKind.Condition, new string('(', 4096)));
        Assert.Equal($"Invalid ConditionExpression: The expression has too many nesting levels; nesting levels: {Limits.ExpressionNestingLevelsMax + 1}",
            Error(ExpressionKind.Condition, Nested("(", "a<b", ")", 2046)));
        Assert.Equal($"Invalid UpdateExpression: The expression has too many nesting levels; nesting levels: {Limits.ExpressionNestingLevelsMax + 1}",
            Error(ExpressionKind.Update, "SET a = " + Nested("(", "b", ")", 2000)));
        Assert.Equal($"Invalid KeyConditionExpression: The expression has too many nesting levels; nesting levels: {Limits.ExpressionNestingLevelsMax + 1}",
            Error(ExpressionKind.KeyCondition, "a = " + Nested("size(", "b", ")", 600)));
        // Within the bound, parentheses nest as deep as an expression needs.
        Assert.Equal("Invalid ConditionExpression: The expression has redundant parentheses;",
            Error(ExpressionKind.Condition, Nested("(", "a<b", ")", 200)));
    }

    [Fact]
    public void Hostile_expressions_end_in_a_validation_error_even_on_a_small_stack()
    {
        string[] conditions =
        [
            new string('(', 4096), Nested("(", "a<b", ")", 2046), "a < " + Nested("f(", "b", ")", 1355),
            "a < " + Nested("size(", "b", ")", 680), Nested("NOT (", "a<b", ")", 680), "a IN " + Nested("(a IN ", ":v", ")", 500),
            "attribute_exists(" + Nested("begins_with(", "a", ", :v)", 200) + ")",
        ];
        string[] updates = ["SET a = " + new string('(', 4000) + "b", "SET a = " + Nested("list_append(", "b", ", :v)", 200)];
        // Within 4 KB, so that they reach the parser.
        Assert.All(conditions.Concat(updates), text => Assert.InRange(text.Length, 3000, Limits.ExpressionBytesMax));
        var failures = new List<string>();
        // Thread pool threads have 1.5 MB; a quarter of that must still end every one of these cleanly.
        var thread = new Thread(() =>
        {
            foreach (var text in conditions) Expect(() => Parse(ExpressionKind.Condition, text));
            foreach (var text in updates) Expect(() => Parse(ExpressionKind.Update, text));
        }, maxStackSize: 384 * 1024);
        thread.Start();
        thread.Join();
        Assert.Empty(failures);

        void Expect(Action parse)
        {
            try
            {
                parse();
                failures.Add("accepted");
            }
            catch (DynamoException e) when (e.Code == ErrorCode.Validation) { }
            catch (Exception e) { failures.Add(e.ToString()); }
        }
    }

    [Fact]
    public void Placeholder_keys_may_be_255_bytes_and_must_have_a_placeholders_form()
    {
        ExpressionAttributes.CheckNames(new Dictionary<string, string> { ["#" + new string('n', 254)] = "a" });
        ExpressionAttributes.CheckValues(new Dictionary<string, AttributeValue> { [":" + new string('v', 254)] = N(1) });
        Assert.Equal("ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 256",
            ErrorOf(() => ExpressionAttributes.CheckNames(new Dictionary<string, string> { ["#" + new string('n', 255)] = "a" })));
        Assert.Equal("ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long; size of key: 256",
            ErrorOf(() => ExpressionAttributes.CheckValues(new Dictionary<string, AttributeValue> { [":" + new string('v', 255)] = N(1) })));
        foreach (var key in new[] { "a", "#", "#a-b", ":a", "#é" })
            Assert.Equal($"ExpressionAttributeNames contains invalid key: Syntax error; key: \"{key}\"",
                ErrorOf(() => ExpressionAttributes.CheckNames(new Dictionary<string, string> { [key] = "a" })));
        Assert.Equal("ExpressionAttributeValues contains invalid key: Syntax error; key: \"#v\"",
            ErrorOf(() => ExpressionAttributes.CheckValues(new Dictionary<string, AttributeValue> { ["#v"] = N(1) })));
    }

    [Fact]
    public void Each_placeholder_map_may_hold_2_MB()
    {
        // Keys count with their values: ten 200 KiB strings plus ":vN" keys stay under 2 MiB; an eleventh goes over.
        var chunk = S(new string('x', 200 * 1024));
        var values = Enumerable.Range(0, 10).ToDictionary(i => $":v{i}", _ => chunk);
        ExpressionAttributes.CheckValues(values);
        values[":v10"] = chunk;
        Assert.Equal("ExpressionAttributeValues exceeds max size", ErrorOf(() => ExpressionAttributes.CheckValues(values)));
        var names = Enumerable.Range(0, 11).ToDictionary(i => $"#n{i}", _ => new string('n', 200 * 1024));
        Assert.Equal("ExpressionAttributeNames exceeds max size", ErrorOf(() => ExpressionAttributes.CheckNames(names)));
    }
}
