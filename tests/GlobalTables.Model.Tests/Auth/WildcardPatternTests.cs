using GlobalTables.Model.Auth;

namespace GlobalTables.Model.Tests.Auth;

public sealed class WildcardPatternTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("a*c", "abbbc", true)]
    [InlineData("a*c", "abbbd", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*table/*/index/*", "arn:x:table/T/index/I", true)]
    [InlineData("**a", "bba", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXcYb", false)]
    public void Star_and_question_mark(string pattern, string value, bool matches) =>
        Assert.Equal(matches, WildcardPattern.Matches(pattern, value, ignoreCase: false));

    [Fact]
    public void Case_is_ignored_only_when_asked() =>
        Assert.Equal((true, false), (WildcardPattern.Matches("DynamoDB:Get*", "dynamodb:GetItem", true), WildcardPattern.Matches("DynamoDB:Get*", "dynamodb:GetItem", false)));
}
