using System.Text.Json;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Attributes;

/// <summary>DynamoDB's 32 levels of nested attributes, in values read from JSON and in items an update builds.</summary>
public class AttributeNestingTests
{
    const string TooDeep = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

    /// <summary>A leaf wrapped in <paramref name="wraps"/> single-member maps (or lists): the attribute is level 1, the leaf level wraps + 1.</summary>
    static string DeepJson(int wraps, bool lists = false)
    {
        string open = lists ? """{"L":[""" : """{"M":{"n":""", close = lists ? "]}" : "}}";
        return string.Concat(Enumerable.Repeat(open, wraps)) + """{"S":"leaf"}""" + string.Concat(Enumerable.Repeat(close, wraps));
    }

    static Dictionary<string, AttributeValue> ReadItem(string attributeJson)
    {
        // Deeper than System.Text.Json's default of 64, so the reader's own limit is what answers.
        using var document = JsonDocument.Parse("{\"a\":" + attributeJson + "}", new JsonDocumentOptions { MaxDepth = 100_000 });
        return AttributeValueJson.ReadItem(document.RootElement);
    }

    static AttributeValue Wrapped(int wraps)
    {
        var value = S("leaf");
        for (int i = 0; i < wraps; i++) value = M(("n", value));
        return value;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_value_may_nest_32_levels_and_not_33(bool lists)
    {
        var item = ReadItem(DeepJson(31, lists));
        Assert.Equal(DeepJson(31, lists), Json(item["a"]));
        Assert.Equal(TooDeep, ErrorOf(() => ReadItem(DeepJson(32, lists))));
    }

    [Fact]
    public void A_value_nested_thousands_deep_is_refused_without_reading_it_all()
    {
        Assert.Equal(TooDeep, ErrorOf(() => ReadItem(DeepJson(20_000))));
        Assert.Equal(TooDeep, ErrorOf(() => ReadItem(DeepJson(20_000, lists: true))));
    }

    [Fact]
    public void An_update_may_not_build_an_attribute_deeper_than_32_levels()
    {
        var path = "a." + string.Join(".", Enumerable.Repeat("n", 30));
        // The path reaches level 31; a value of one more map puts its leaf at level 33.
        var item = Item(("a", Wrapped(30)), ("c0", Wrapped(1)));
        Assert.Equal(Json(Wrapped(31)), Json(Update($"SET {path} = :v", item, (":v", M(("n", S("leaf")))))["a"]));
        Assert.Equal(TooDeep, ErrorOf(() => Update($"SET {path} = :v", item, (":v", Wrapped(2)))));
        // Copying an attribute under a path adds the two depths.
        Assert.Equal(TooDeep, ErrorOf(() => Update($"SET {path} = c0", Item(("a", Wrapped(30)), ("c0", Wrapped(2))))));
        // Attributes the update does not touch are not looked at.
        ExpressionParser.ParseUpdate("SET b = :v", Attrs([(":v", N(1))])).Apply(item);
    }
}
