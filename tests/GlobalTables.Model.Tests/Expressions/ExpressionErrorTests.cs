using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Expressions;

/// <summary>DynamoDB's exact error messages for expressions DynamoDB rejects.</summary>
public class ExpressionErrorTests
{
    static readonly (string, AttributeValue)[] CommonValues =
    [
        (":n", N(1)), (":m", N(2)), (":s", S("x")), (":l", L()), (":ss", SS("a")), (":b", Bool(true)),
    ];

    static string ConditionError(string text, ExpressionKind kind = ExpressionKind.Condition) =>
        ErrorOf(() => ExpressionParser.ParseCondition(text, Attrs(CommonValues, [("#a", "a")]), kind));

    static string UpdateError(string text) =>
        ErrorOf(() => ExpressionParser.ParseUpdate(text, Attrs(CommonValues, [("#a", "a")])));

    static string ProjectionError(string text) =>
        ErrorOf(() => ExpressionParser.ParseProjection(text, Attrs(null, [("#a", "a")])));

    [Theory]
    [InlineData("foo", "Syntax error; token: \"<EOF>\", near: \"foo\"")]
    [InlineData("a = :n AND", "Syntax error; token: \"<EOF>\", near: \"AND\"")]
    [InlineData("a AND b = :n", "Syntax error; token: \"AND\", near: \"a AND b\"")]
    [InlineData("a == :n", "Syntax error; token: \"=\", near: \"== :n\"")]
    [InlineData("a = :n b = :n", "Syntax error; token: \"b\", near: \":n b =\"")]
    [InlineData("a ! :n", "Syntax error; token: \"!\", near: \"a ! :n\"")]
    [InlineData("(a = :n", "Syntax error; token: \"<EOF>\", near: \":n\"")]
    [InlineData("a[x] = :n", "Syntax error; token: \"x\", near: \"[x]\"")]
    [InlineData("a.1 = :n", "Syntax error; token: \"1\", near: \".1 =\"")]
    [InlineData("a IN :n", "Syntax error; token: \":n\", near: \"IN :n\"")]
    [InlineData("a BETWEEN :n OR :m", "Syntax error; token: \"OR\", near: \":n OR :m\"")]
    [InlineData("attribute_exists()", "Syntax error; token: \")\", near: \"()\"")]
    [InlineData("# = :n", "Syntax error; token: \"#\", near: \"# =\"")]
    [InlineData("NOT a", "Syntax error; token: \"<EOF>\", near: \"a\"")]
    [InlineData("(a = :n) = :m", "Syntax error; token: \"=\", near: \") = :m\"")]
    public void Syntax_errors_name_the_token_and_its_neighbours(string text, string message)
    {
        Assert.Equal("Invalid ConditionExpression: " + message, ConditionError(text));
    }

    [Fact]
    public void Update_syntax_errors()
    {
        Assert.Equal("Invalid UpdateExpression: Syntax error; token: \"_\", near: \"SET _123\"", UpdateError("SET _123 = :n"));
        Assert.Equal("Invalid UpdateExpression: Syntax error; token: \"whatever\", near: \"whatever\"", UpdateError("whatever"));
        Assert.Equal("Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"SET\"", UpdateError("SET"));
        Assert.Equal("Invalid UpdateExpression: Syntax error; token: \"+\", near: \":n + :n\"", UpdateError("SET a = :n + :n + :n"));
        Assert.Equal("Invalid UpdateExpression: Syntax error; token: \"REMOVE\", near: \", REMOVE b\"", UpdateError("SET a = :n, REMOVE b"));
        Assert.Equal("Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\"", UpdateError("ADD a b"));
    }

    [Fact]
    public void Empty_expressions()
    {
        Assert.Equal("Invalid ConditionExpression: The expression can not be empty;", ConditionError(""));
        Assert.Equal("Invalid UpdateExpression: The expression can not be empty;", UpdateError("  "));
        Assert.Equal("Invalid ProjectionExpression: The expression can not be empty;", ProjectionError(""));
    }

    [Fact]
    public void Reserved_words_as_bare_names()
    {
        Assert.Equal("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status", UpdateError("SET status = :n"));
        Assert.Equal("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name", ConditionError("a.Name = :n"));
        Assert.Equal("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: size", ProjectionError("a, size"));
        Assert.Equal("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: size", ConditionError("size = :n"));
    }

    [Fact]
    public void Reserved_word_list_is_complete()
    {
        Assert.Equal(573, ReservedWords.Count);
        Assert.True(ReservedWords.Contains("zone"));
        Assert.True(ReservedWords.Contains("ABORT"));
        Assert.False(ReservedWords.Contains("contains"));
    }

    [Fact]
    public void Undefined_placeholders()
    {
        Assert.Equal("Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x",
            ConditionError("#x = :n"));
        Assert.Equal("Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v",
            UpdateError("SET a = :v"));
        Assert.Equal("Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #b",
            ProjectionError("#a, #b"));
        Assert.Equal("Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v",
            ErrorOf(() => ExpressionParser.ParseCondition("a = :v", new ExpressionAttributes(null, null))));
    }

    [Fact]
    public void Unused_placeholders()
    {
        var attrs = Attrs([(":a", N(1)), (":b", N(2)), (":c", N(3))], [("#a", "a"), ("#b", "b")]);
        ExpressionParser.ParseCondition("#b = :c", attrs);
        Assert.Equal("Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}", ErrorOf(attrs.AssertAllUsed));

        var values = Attrs([(":a", N(1)), (":b", N(2)), (":c", N(3))]);
        ExpressionParser.ParseUpdate("SET x = :c", values);
        Assert.Equal("Value provided in ExpressionAttributeValues unused in expressions: keys: {:a, :b}", ErrorOf(values.AssertAllUsed));

        var shared = Attrs([(":a", N(1)), (":b", N(2))], [("#a", "a")]);
        ExpressionParser.ParseCondition("attribute_exists(#a)", shared);
        ExpressionParser.ParseUpdate("SET x = :a + :b", shared);
        shared.AssertAllUsed();
    }

    [Fact]
    public void Filter_and_condition_prefixes_follow_the_kind()
    {
        Assert.Equal("Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"foo\"", ConditionError("foo", ExpressionKind.Filter));
        Assert.Equal("Invalid FilterExpression: Invalid function name; function: foo", ConditionError("foo(a)", ExpressionKind.Filter));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpressionParser.ParseCondition("a = :n", Attrs(), ExpressionKind.Update));
    }

    [Theory]
    [InlineData("foo(a)", "Invalid function name; function: foo")]
    [InlineData("ATTRIBUTE_EXISTS(a)", "Invalid function name; function: ATTRIBUTE_EXISTS")]
    [InlineData("attribute_exists(a, b)", "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2")]
    [InlineData("begins_with(a)", "Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1")]
    [InlineData("attribute_exists(:n)", "Operator or function requires a document path; operator or function: attribute_exists")]
    [InlineData("attribute_not_exists(size(a))", "Operator or function requires a document path; operator or function: attribute_not_exists")]
    [InlineData("attribute_type(a, :n)", "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N")]
    [InlineData("attribute_type(a, :s)", "Invalid attribute type name found; type: x, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}")]
    [InlineData("begins_with(a, :n)", "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")]
    [InlineData("size(:b) = :n", "Incorrect operand type for operator or function; operator or function: size, operand type: BOOL")]
    [InlineData("a = a", "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]")]
    [InlineData("#a.b[1] < a.b[1]", "The first operand must be distinct from the remaining operands for this operator or function; operator: <, first operand: [a, b, [1]]")]
    [InlineData("contains(a, #a)", "The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]")]
    [InlineData("a BETWEEN :n AND :s", "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:x}")]
    [InlineData("a BETWEEN :m AND :n", "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}")]
    [InlineData("((a = :n))", "The expression has redundant parentheses;")]
    [InlineData("a = :n AND ((b)) = :n", "The expression has redundant parentheses;")]
    [InlineData("size(a)", "The function is not allowed to be used this way in an expression; function: size")]
    [InlineData("attribute_exists(a) = :b", "The function is not allowed to be used this way in an expression; function: attribute_exists")]
    [InlineData("contains(begins_with(a, :s), :s)", "The function is not allowed to be used this way in an expression; function: begins_with")]
    public void Condition_semantic_errors(string text, string message)
    {
        Assert.Equal("Invalid ConditionExpression: " + message, ConditionError(text));
    }

    [Fact]
    public void In_with_more_than_one_hundred_values()
    {
        var values = Enumerable.Range(0, 101).Select(i => ($":v{i}", N(i))).ToArray();
        var text = "a IN (" + string.Join(", ", values.Select(v => v.Item1)) + ")";
        Assert.Equal("Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101",
            ErrorOf(() => ExpressionParser.ParseCondition(text, Attrs(values))));
    }

    [Fact]
    public void Error_precedence_follows_DynamoDB()
    {
        // An unknown function outranks a reserved word, which outranks an undefined placeholder.
        Assert.Equal("Invalid ConditionExpression: Invalid function name; function: foo", ConditionError("status = :zz AND foo(a)"));
        Assert.Equal("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status", ConditionError("status = :zz"));
        // In an update a reserved word outranks a repeated section.
        Assert.Equal("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: count",
            UpdateError("SET a = :n SET count = :n"));
        // A syntax error outranks everything.
        Assert.Equal("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"", ConditionError("foo(a) AND"));
    }

    [Theory]
    [InlineData("SET a = :n SET b = :n", "The \"SET\" section can only be used once in an update expression;")]
    [InlineData("REMOVE a remove b", "The \"REMOVE\" section can only be used once in an update expression;")]
    [InlineData("ADD a :n SET b = :n ADD c :n", "The \"ADD\" section can only be used once in an update expression;")]
    [InlineData("DELETE a :ss DELETE b :ss", "The \"DELETE\" section can only be used once in an update expression;")]
    [InlineData("SET a = :n REMOVE a.b", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]")]
    [InlineData("SET a = :n, a = :m", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]")]
    [InlineData("REMOVE a[1].b ADD #a[1] :n", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, [1], b], path two: [a, [1]]")]
    [InlineData("SET a[1] = :n, a.b = :n", "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [1]], path two: [a, b]")]
    [InlineData("SET a = :s + :n", "Incorrect operand type for operator or function; operator or function: +, operand type: S")]
    [InlineData("SET a = b - :l", "Incorrect operand type for operator or function; operator or function: -, operand type: L")]
    [InlineData("SET a = list_append(:n, b)", "Incorrect operand type for operator or function; operator or function: list_append, operand type: N")]
    [InlineData("SET a = list_append(b)", "Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1")]
    [InlineData("SET a = if_not_exists(:n, :n)", "Operator or function requires a document path; operator or function: if_not_exists")]
    [InlineData("SET a = size(b)", "Invalid function name; function: size")]
    [InlineData("ADD a :s", "Incorrect operand type for operator or function; operator: ADD, operand type: STRING")]
    [InlineData("ADD a :l", "Incorrect operand type for operator or function; operator: ADD, operand type: LIST")]
    [InlineData("ADD a :b", "Incorrect operand type for operator or function; operator: ADD, operand type: BOOLEAN")]
    [InlineData("DELETE a :n", "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER")]
    public void Update_semantic_errors(string text, string message)
    {
        Assert.Equal("Invalid UpdateExpression: " + message, UpdateError(text));
    }

    [Fact]
    public void Projection_errors()
    {
        Assert.Equal("Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]",
            ProjectionError("a.b, c, #a"));
        Assert.Equal("Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]",
            ProjectionError("a[0], a.b"));
        Assert.Equal("Invalid ProjectionExpression: Syntax error; token: \"=\", near: \"a = b\"", ProjectionError("a = b"));
        Assert.Equal("Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"", ProjectionError("a,"));
    }

    [Fact]
    public void Too_deep_paths_are_rejected()
    {
        var deep = string.Join(".", Enumerable.Range(0, 33).Select(i => "p" + i));
        Assert.Equal("Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33", ProjectionError(deep));
        var ok = string.Join(".", Enumerable.Range(0, 32).Select(i => "p" + i));
        ExpressionParser.ParseProjection(ok, Attrs());
    }

    [Fact]
    public void All_messages_are_validation_errors()
    {
        // ErrorOf asserts the code; this checks the syntax path too.
        ErrorOf(() => ExpressionParser.ParseKeyCondition("pk = = :p", Attrs()));
    }
}
