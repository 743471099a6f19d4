using GlobalTables.Model.Expressions;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Expressions;

public class KeyConditionExpressionTests
{
    static KeyConditionExpression Parse(string text, params (string, GlobalTables.Model.Attributes.AttributeValue)[] values) =>
        ExpressionParser.ParseKeyCondition(text, Values(values));

    [Fact]
    public void Partition_key_only()
    {
        var key = Parse("pk = :p", (":p", S("a")));
        Assert.Equal("pk", key.PartitionKeyName);
        Assert.Equal(S("a"), key.PartitionKeyValue);
        Assert.Null(key.SortKeyName);
        Assert.Null(key.SortKeyOperator);
        Assert.True(key.MatchesSortKey(N(1)));
    }

    [Theory]
    [InlineData("pk = :p AND sk = :s", KeyConditionOperator.Equal, 5, true, 6, false)]
    [InlineData("pk = :p AND sk < :s", KeyConditionOperator.LessThan, 4, true, 5, false)]
    [InlineData("pk = :p AND sk <= :s", KeyConditionOperator.LessThanOrEqual, 5, true, 6, false)]
    [InlineData("pk = :p AND sk > :s", KeyConditionOperator.GreaterThan, 6, true, 5, false)]
    [InlineData("pk = :p AND sk >= :s", KeyConditionOperator.GreaterThanOrEqual, 5, true, 4, false)]
    [InlineData("pk = :p AND :s > sk", KeyConditionOperator.LessThan, 4, true, 5, false)]
    [InlineData("pk = :p AND :s <= sk", KeyConditionOperator.GreaterThanOrEqual, 5, true, 4, false)]
    [InlineData("sk >= :s AND pk = :p", KeyConditionOperator.GreaterThanOrEqual, 9, true, 1, false)]
    [InlineData("(pk = :p) AND (sk = :s)", KeyConditionOperator.Equal, 5, true, 4, false)]
    public void Sort_key_comparators(string text, KeyConditionOperator op, long matching, bool m, long other, bool o)
    {
        var key = Parse(text, (":p", S("a")), (":s", N(5)));
        Assert.Equal("pk", key.PartitionKeyName);
        Assert.Equal("sk", key.SortKeyName);
        Assert.Equal(op, key.SortKeyOperator);
        Assert.Equal(N(5), key.SortKeyValue);
        Assert.Equal(m, key.MatchesSortKey(N(matching)));
        Assert.Equal(o, key.MatchesSortKey(N(other)));
        Assert.False(key.MatchesSortKey(S("5")));
    }

    [Fact]
    public void Between_and_begins_with()
    {
        var between = Parse("pk = :p AND sk BETWEEN :lo AND :hi", (":p", S("a")), (":lo", N(1)), (":hi", N(3)));
        Assert.Equal(KeyConditionOperator.Between, between.SortKeyOperator);
        Assert.Equal(N(3), between.SortKeyUpperValue);
        Assert.True(between.MatchesSortKey(N(1)));
        Assert.True(between.MatchesSortKey(N(3)));
        Assert.False(between.MatchesSortKey(N(4)));

        var prefix = Parse("pk = :p AND begins_with(sk, :pre)", (":p", S("a")), (":pre", S("ab")));
        Assert.Equal(KeyConditionOperator.BeginsWith, prefix.SortKeyOperator);
        Assert.True(prefix.MatchesSortKey(S("abc")));
        Assert.False(prefix.MatchesSortKey(S("b")));
        Assert.False(prefix.MatchesSortKey(N(1)));
    }

    [Fact]
    public void Name_placeholders_resolve_key_names()
    {
        var attrs = Attrs([(":p", S("a")), (":s", S("b"))], [("#pk", "status"), ("#sk", "date")]);
        var key = ExpressionParser.ParseKeyCondition("#pk = :p AND #sk = :s", attrs);
        Assert.Equal("status", key.PartitionKeyName);
        Assert.Equal("date", key.SortKeyName);
        attrs.AssertAllUsed();
    }

    [Fact]
    public void For_key_schema_assigns_keys_by_name()
    {
        var key = Parse("sk = :s AND pk = :p", (":p", S("a")), (":s", N(5)));
        Assert.Equal("sk", key.PartitionKeyName); // The guess: the first equality.
        var bound = key.ForKeySchema("pk", "sk");
        Assert.Equal("pk", bound.PartitionKeyName);
        Assert.Equal(S("a"), bound.PartitionKeyValue);
        Assert.Equal("sk", bound.SortKeyName);
    }

    [Fact]
    public void For_key_schema_rejects_conditions_that_do_not_fit_the_keys()
    {
        Assert.Equal("Query condition missed key schema element: pk",
            ErrorOf(() => Parse("sk = :s", (":s", N(5))).ForKeySchema("pk", "sk")));
        Assert.Equal("Query condition missed key schema element: sk",
            ErrorOf(() => Parse("pk = :p AND extra = :s", (":p", S("a")), (":s", N(5))).ForKeySchema("pk", "sk")));
        Assert.Equal("Query key condition not supported",
            ErrorOf(() => Parse("pk > :p", (":p", S("a"))).ForKeySchema("pk", "sk")));
    }

    [Theory]
    [InlineData("pk = :p OR sk = :s", "Invalid operator used in KeyConditionExpression: OR")]
    [InlineData("NOT pk = :p", "Invalid operator used in KeyConditionExpression: NOT")]
    [InlineData("pk IN (:p, :s)", "Invalid operator used in KeyConditionExpression: IN")]
    [InlineData("pk <> :p", "Invalid operator used in KeyConditionExpression: <>")]
    [InlineData("pk = :p AND attribute_exists(sk)", "Invalid operator used in KeyConditionExpression: attribute_exists")]
    [InlineData("pk = :p AND contains(sk, :s)", "Invalid operator used in KeyConditionExpression: contains")]
    [InlineData("pk = :p AND pk = :s", "KeyConditionExpressions must only contain one condition per key")]
    [InlineData("pk = :p AND sk = :s AND extra = :s", "Conditions can be of length 1 or 2 only")]
    [InlineData("pk.x = :p", "KeyConditionExpressions cannot have conditions on nested attributes")]
    [InlineData("pk = sk", "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition")]
    [InlineData(":p = :s", "Invalid condition in KeyConditionExpression: No key attribute specified")]
    [InlineData("size(pk) = :p", "KeyConditionExpressions cannot contain nested operations")]
    [InlineData("pk = :p AND :s BETWEEN sk AND :s", "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand")]
    [InlineData("pk = :p AND begins_with(:s, sk)", "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand")]
    public void Rejects_what_DynamoDB_rejects(string text, string message)
    {
        Assert.Equal(message, ErrorOf(() => Parse(text, (":p", S("a")), (":s", S("b")))));
    }

    [Fact]
    public void Syntax_and_placeholder_errors_name_the_key_condition()
    {
        Assert.Equal("Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"",
            ErrorOf(() => Parse("pk =", (":p", S("a")))));
        Assert.Equal("Invalid KeyConditionExpression: An expression attribute value used in expression is not defined; attribute value: :x",
            ErrorOf(() => Parse("pk = :x", (":p", S("a")))));
    }
}
