using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Expressions;

public class ProjectionExpressionTests
{
    static readonly Dictionary<string, AttributeValue> Sample = Item(
        ("id", S("k")),
        ("n", N(1)),
        ("m", M(("a", N(1)), ("b", M(("c", N(2)), ("d", N(3)))))),
        ("l", L(N(0), M(("x", N(1)), ("y", N(2))), N(2), N(3))));

    static Dictionary<string, AttributeValue> Project(string text, params (string, string)[] names) =>
        ExpressionParser.ParseProjection(text, Attrs(null, names)).Apply(Sample);

    [Fact]
    public void Top_level_attributes()
    {
        Assert.Equal(Json(Item(("id", S("k")), ("n", N(1)))), Json(Project("id, n")));
        Assert.Equal(Json(Item(("n", N(1)))), Json(Project("n, absent")));
    }

    [Fact]
    public void Nested_map_fields_keep_their_structure()
    {
        Assert.Equal(Json(Item(("m", M(("b", M(("c", N(2)))))))), Json(Project("m.b.c")));
        Assert.Equal(Json(Item(("m", M(("a", N(1)), ("b", M(("d", N(3)))))))), Json(Project("m.a, m.b.d")));
    }

    [Fact]
    public void List_elements_keep_only_the_projected_elements_in_index_order()
    {
        Assert.Equal(Json(Item(("l", L(N(0), N(3))))), Json(Project("l[3], l[0]")));
        Assert.Equal(Json(Item(("l", L(M(("y", N(2))))))), Json(Project("l[1].y")));
        Assert.Equal(Json(Item(("l", L(N(2))))), Json(Project("l[2], l[9]")));
    }

    [Fact]
    public void Paths_that_do_not_resolve_are_omitted()
    {
        Assert.Empty(Project("m.zz, l[10], n[0], m.a.b"));
    }

    [Fact]
    public void Name_placeholders()
    {
        Assert.Equal(Json(Item(("m", M(("a", N(1)))))), Json(Project("#m.#a", ("#m", "m"), ("#a", "a"))));
    }

    [Fact]
    public void Apply_builds_a_new_item()
    {
        var before = Json(Sample);
        var projected = Project("m.b.c, l[1]");
        Assert.NotSame(Sample["m"], projected["m"]);
        Assert.Equal(before, Json(Sample));
    }

    [Fact]
    public void Top_level_attributes_property()
    {
        var projection = ExpressionParser.ParseProjection("a.b, c, a.d", Attrs());
        Assert.Equal(["a", "c"], projection.TopLevelAttributes);
    }
}
