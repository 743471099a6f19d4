using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Expressions;

public class ConditionExpressionTests
{
    static readonly Dictionary<string, AttributeValue> Sample = Item(
        ("id", S("k1")),
        ("n", N(5)),
        ("s", S("hello")),
        ("b", B(1, 2, 3)),
        ("flag", Bool(true)),
        ("nothing", Null),
        ("tags", SS("red", "blue")),
        ("nums", NS(1, 2, 3)),
        ("bins", BS([1], [2, 3])),
        ("lst", L(S("x"), N(7), M(("deep", S("y"))))),
        ("mp", M(("inside", M(("leaf", N(42)))), ("arr", L(N(10), N(20), N(30))))));

    [Theory]
    [InlineData("n = :five", true)]
    [InlineData("n = :six", false)]
    [InlineData("n <> :six", true)]
    [InlineData("n <> :five", false)]
    [InlineData("n < :six", true)]
    [InlineData("n < :five", false)]
    [InlineData("n <= :five", true)]
    [InlineData("n > :four", true)]
    [InlineData("n > :five", false)]
    [InlineData("n >= :five", true)]
    [InlineData(":six > n", true)]
    public void Comparators_compare_numbers_numerically(string expression, bool expected)
    {
        Assert.Equal(expected, Check(expression, Sample, (":four", N(4)), (":five", N("5.0")), (":six", N(6))));
    }

    [Fact]
    public void Numbers_compare_by_value_not_text()
    {
        Assert.True(Check("n < :v", Item(("n", N(9))), (":v", N(10))));
        Assert.True(Check("n > :v", Item(("n", N("-1"))), (":v", N("-1.5"))));
    }

    [Fact]
    public void Strings_and_binaries_compare_bytewise()
    {
        Assert.True(Check("s < :v", Sample, (":v", S("help"))));
        Assert.True(Check("s > :v", Sample, (":v", S("Hello"))));
        Assert.True(Check("b < :v", Sample, (":v", B(1, 2, 4))));
        Assert.True(Check("b > :v", Sample, (":v", B(1, 2))));
        Assert.True(Check("s = :v", Sample, (":v", S("hello"))));
    }

    [Fact]
    public void Different_types_are_not_equal_and_not_ordered()
    {
        Assert.False(Check("n = :v", Sample, (":v", S("5"))));
        Assert.True(Check("n <> :v", Sample, (":v", S("5"))));
        Assert.False(Check("n < :v", Sample, (":v", S("9"))));
        Assert.False(Check("n >= :v", Sample, (":v", S("1"))));
    }

    [Fact]
    public void Missing_attributes_make_comparisons_false_but_not_equal_true()
    {
        Assert.False(Check("absent = :v", Sample, (":v", N(1))));
        Assert.False(Check("absent < :v", Sample, (":v", N(1))));
        Assert.False(Check("absent >= :v", Sample, (":v", N(1))));
        Assert.True(Check("absent <> :v", Sample, (":v", N(1))));
        Assert.False(Check("absent BETWEEN :a AND :b", Sample, (":a", N(1)), (":b", N(2))));
        Assert.False(Check("absent IN (:a, :b)", Sample, (":a", N(1)), (":b", N(2))));
    }

    [Fact]
    public void Null_item_is_an_empty_item()
    {
        Assert.True(Check("attribute_not_exists(id)", null));
        Assert.False(Check("attribute_exists(id)", null));
    }

    [Fact]
    public void Maps_lists_and_sets_compare_for_equality()
    {
        Assert.True(Check("tags = :v", Sample, (":v", SS("blue", "red"))));
        Assert.True(Check("lst[2] = :v", Sample, (":v", M(("deep", S("y"))))));
        Assert.True(Check("mp.arr = :v", Sample, (":v", L(N(10), N(20), N(30)))));
        Assert.False(Check("mp.arr = :v", Sample, (":v", L(N(30), N(20), N(10)))));
        Assert.False(Check("mp < :v", Sample, (":v", M())));
    }

    [Theory]
    [InlineData("n BETWEEN :a AND :b", 1, 9, true)]
    [InlineData("n BETWEEN :a AND :b", 5, 5, true)]
    [InlineData("n BETWEEN :a AND :b", 6, 9, false)]
    [InlineData("n between :a and :b", 1, 4, false)]
    public void Between_is_inclusive(string expression, long lower, long upper, bool expected)
    {
        Assert.Equal(expected, Check(expression, Sample, (":a", N(lower)), (":b", N(upper))));
    }

    [Fact]
    public void Between_with_strings_and_mismatched_types()
    {
        Assert.True(Check("s BETWEEN :a AND :b", Sample, (":a", S("h")), (":b", S("i"))));
        Assert.False(Check("n BETWEEN :a AND :b", Sample, (":a", S("a")), (":b", S("z"))));
    }

    [Fact]
    public void In_matches_any_candidate_of_the_same_type()
    {
        Assert.True(Check("n IN (:a, :b, :c)", Sample, (":a", N(1)), (":b", N(5)), (":c", S("5"))));
        Assert.False(Check("n IN (:a, :c)", Sample, (":a", N(1)), (":c", S("5"))));
        Assert.True(Check("s in (:a)", Sample, (":a", S("hello"))));
        Assert.True(Check("mp.inside.leaf IN (:a, mp.arr[0], :b)", Sample, (":a", N(1)), (":b", N(42))));
    }

    [Fact]
    public void In_accepts_one_hundred_values()
    {
        var values = Enumerable.Range(0, 100).Select(i => ($":v{i}", N(i))).ToArray();
        var text = "n IN (" + string.Join(", ", values.Select(v => v.Item1)) + ")";
        Assert.True(Check(text, Sample, values));
    }

    [Fact]
    public void And_or_not_and_parentheses()
    {
        var v = new[] { (":t", Bool(true)), (":five", N(5)) };
        Assert.True(Check("flag = :t AND n = :five", Sample, v));
        Assert.False(Check("flag = :t AND n <> :five", Sample, v));
        Assert.True(Check("flag <> :t OR n = :five", Sample, v));
        Assert.False(Check("flag <> :t OR n <> :five", Sample, v));
        Assert.True(Check("NOT n <> :five", Sample, v));
        Assert.True(Check("not (flag <> :t OR n <> :five)", Sample, v));
        Assert.True(Check("NOT NOT n = :five", Sample, v));
        Assert.True(Check("(flag = :t)", Sample, v));
    }

    [Fact]
    public void And_binds_tighter_than_or()
    {
        // true OR (false AND false) = true; (true OR false) AND false would be false.
        var v = new[] { (":five", N(5)), (":six", N(6)) };
        Assert.True(Check("n = :five OR n = :six AND n = :six", Sample, v));
        Assert.False(Check("(n = :five OR n = :six) AND n = :six", Sample, v));
        // (false AND false) OR true = true.
        Assert.True(Check("n = :six AND n = :six OR n = :five", Sample, v));
    }

    [Fact]
    public void Not_binds_tighter_than_and_but_looser_than_comparators()
    {
        var v = new[] { (":five", N(5)), (":six", N(6)) };
        // (NOT false) AND true.
        Assert.True(Check("NOT n = :six AND n = :five", Sample, v));
        // (NOT true) OR true.
        Assert.True(Check("NOT n = :five OR n = :five", Sample, v));
        // NOT (true OR true) is false.
        Assert.False(Check("NOT (n = :five OR n = :five)", Sample, v));
        Assert.True(Check("NOT n BETWEEN :six AND :six", Sample, v));
        Assert.False(Check("NOT n IN (:five)", Sample, v));
    }

    [Fact]
    public void Attribute_exists_and_not_exists()
    {
        Assert.True(Check("attribute_exists(id)", Sample));
        Assert.True(Check("attribute_exists(nothing)", Sample));
        Assert.False(Check("attribute_exists(absent)", Sample));
        Assert.True(Check("attribute_not_exists(absent)", Sample));
        Assert.False(Check("attribute_not_exists(n)", Sample));
        Assert.True(Check("attribute_exists(mp.inside.leaf)", Sample));
        Assert.False(Check("attribute_exists(mp.inside.nope)", Sample));
        Assert.True(Check("attribute_exists(lst[2].deep)", Sample));
        Assert.False(Check("attribute_exists(lst[3])", Sample));
        Assert.False(Check("attribute_exists(s[0])", Sample));
    }

    [Theory]
    [InlineData("id", "S")]
    [InlineData("n", "N")]
    [InlineData("b", "B")]
    [InlineData("flag", "BOOL")]
    [InlineData("nothing", "NULL")]
    [InlineData("tags", "SS")]
    [InlineData("nums", "NS")]
    [InlineData("bins", "BS")]
    [InlineData("lst", "L")]
    [InlineData("mp", "M")]
    public void Attribute_type_matches_each_type(string attribute, string type)
    {
        Assert.True(Check($"attribute_type({attribute}, :t)", Sample, (":t", S(type))));
        Assert.False(Check($"attribute_type({attribute}, :t)", Sample, (":t", S(type == "S" ? "N" : "S"))));
        Assert.False(Check("attribute_type(absent, :t)", Sample, (":t", S(type))));
    }

    [Fact]
    public void Begins_with_strings_and_binaries()
    {
        Assert.True(Check("begins_with(s, :p)", Sample, (":p", S("he"))));
        Assert.True(Check("begins_with(s, :p)", Sample, (":p", S("hello"))));
        Assert.False(Check("begins_with(s, :p)", Sample, (":p", S("lo"))));
        Assert.True(Check("begins_with(b, :p)", Sample, (":p", B(1, 2))));
        Assert.False(Check("begins_with(b, :p)", Sample, (":p", B(2))));
        Assert.False(Check("begins_with(absent, :p)", Sample, (":p", S("a"))));
        Assert.False(Check("begins_with(s, :p)", Sample, (":p", B(1))));
    }

    [Fact]
    public void Contains_substring_set_member_and_list_element()
    {
        Assert.True(Check("contains(s, :v)", Sample, (":v", S("ell"))));
        Assert.False(Check("contains(s, :v)", Sample, (":v", S("xyz"))));
        Assert.True(Check("contains(tags, :v)", Sample, (":v", S("red"))));
        Assert.False(Check("contains(tags, :v)", Sample, (":v", S("green"))));
        Assert.True(Check("contains(nums, :v)", Sample, (":v", N("2.0"))));
        Assert.False(Check("contains(nums, :v)", Sample, (":v", S("2"))));
        Assert.True(Check("contains(bins, :v)", Sample, (":v", B(2, 3))));
        Assert.True(Check("contains(b, :v)", Sample, (":v", B(2, 3))));
        Assert.True(Check("contains(lst, :v)", Sample, (":v", N(7))));
        Assert.True(Check("contains(lst, :v)", Sample, (":v", M(("deep", S("y"))))));
        Assert.False(Check("contains(lst, :v)", Sample, (":v", S("7"))));
        Assert.False(Check("contains(n, :v)", Sample, (":v", N(5))));
        Assert.False(Check("contains(absent, :v)", Sample, (":v", N(5))));
        Assert.True(Check("contains(s, mp.inside.nope) OR contains(lst, lst[1])", Sample));
    }

    [Fact]
    public void Size_of_each_type()
    {
        Assert.True(Check("size(s) = :v", Sample, (":v", N(5))));
        Assert.True(Check("size(b) = :v", Sample, (":v", N(3))));
        Assert.True(Check("size(tags) = :v", Sample, (":v", N(2))));
        Assert.True(Check("size(nums) = :v", Sample, (":v", N(3))));
        Assert.True(Check("size(bins) = :v", Sample, (":v", N(2))));
        Assert.True(Check("size(lst) = :v", Sample, (":v", N(3))));
        Assert.True(Check("size(mp) = :v", Sample, (":v", N(2))));
        Assert.True(Check("size(mp.arr) > :v", Sample, (":v", N(2))));
        Assert.False(Check("size(n) = :v", Sample, (":v", N(1))));
        Assert.False(Check("size(absent) = :v", Sample, (":v", N(0))));
        Assert.True(Check(":v < size(s)", Sample, (":v", N(1))));
        Assert.True(Check("size(s) BETWEEN :a AND :b", Sample, (":a", N(1)), (":b", N(9))));
    }

    [Fact]
    public void Nested_paths_and_list_indexes()
    {
        Assert.True(Check("mp.inside.leaf = :v", Sample, (":v", N(42))));
        Assert.True(Check("mp.arr[1] = :v", Sample, (":v", N(20))));
        Assert.True(Check("lst[2].deep = :v", Sample, (":v", S("y"))));
        Assert.False(Check("lst[9] = :v", Sample, (":v", S("x"))));
        Assert.False(Check("mp[0] = :v", Sample, (":v", N(42))));
        Assert.False(Check("lst.deep = :v", Sample, (":v", S("y"))));
        Assert.True(Check("mp . inside . leaf = :v", Sample, (":v", N(42))));
    }

    [Fact]
    public void Name_placeholders_resolve_whole_names_including_dots()
    {
        var item = Item(("a.b", N(1)), ("a", M(("b", N(2)))), ("status", S("on")));
        var attrs = Attrs([(":v", N(1)), (":w", N(2)), (":s", S("on"))], [("#ab", "a.b"), ("#a", "a"), ("#b", "b"), ("#st", "status")]);
        var condition = ExpressionParser.ParseCondition("#ab = :v AND #a.#b = :w AND #st = :s", attrs);
        Assert.True(condition.Evaluate(item));
        attrs.AssertAllUsed();
    }

    [Fact]
    public void Comparing_two_paths()
    {
        var item = Item(("a", N(1)), ("b", N(2)), ("c", N(1)));
        Assert.True(Check("a < b", item));
        Assert.True(Check("a = c", item));
        Assert.True(Check("a <> b AND b > c", item));
    }

    [Fact]
    public void Parenthesized_operands_are_allowed()
    {
        Assert.True(Check("(n) = :v", Sample, (":v", N(5))));
        Assert.True(Check("n = (:v)", Sample, (":v", N(5))));
    }

    [Fact]
    public void Evaluation_does_not_mutate_the_item()
    {
        var item = Item(("a", L(N(1))));
        var before = Json(item);
        Check("size(a) = :v AND contains(a, :v)", item, (":v", N(1)));
        Assert.Equal(before, Json(item));
    }

    [Fact]
    public void Filter_kind_evaluates_like_a_condition()
    {
        var filter = ExpressionParser.ParseFilter("n > :v", Values((":v", N(1))));
        Assert.True(filter.Evaluate(Sample));
        var same = ExpressionParser.ParseCondition("n > :v", Values((":v", N(1))), ExpressionKind.Filter);
        Assert.True(same.Evaluate(Sample));
    }

    [Fact]
    public void Keywords_are_case_insensitive()
    {
        Assert.True(Check("n = :v aNd NoT n = :w oR n between :v AnD :v", Sample, (":v", N(5)), (":w", N(6))));
    }
}
