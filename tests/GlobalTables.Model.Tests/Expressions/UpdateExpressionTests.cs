using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Expressions;

public class UpdateExpressionTests
{
    [Fact]
    public void Set_top_level_attributes()
    {
        var result = Update("SET a = :a, b = :b", Item(("a", N(1)), ("z", S("keep"))), (":a", S("x")), (":b", N(2)));
        Assert.Equal(Json(Item(("a", S("x")), ("z", S("keep")), ("b", N(2)))), Json(result));
    }

    [Fact]
    public void Set_on_a_missing_item_creates_attributes()
    {
        var result = Update("SET a = :a", null, (":a", S("x")));
        Assert.Equal(S("x"), result["a"]);
        Assert.Single(result);
    }

    [Fact]
    public void Set_copies_another_attribute_and_reads_the_old_item()
    {
        var result = Update("SET a = b, b = a", Item(("a", N(1)), ("b", N(2))));
        Assert.Equal(N(2), result["a"]);
        Assert.Equal(N(1), result["b"]);
    }

    [Fact]
    public void Set_plus_and_minus()
    {
        var item = Item(("n", N(10)), ("m", N("0.5")));
        Assert.Equal(N(13), Update("SET n = n + :v", item, (":v", N(3)))["n"]);
        Assert.Equal(N(7), Update("SET n = n - :v", item, (":v", N(3)))["n"]);
        Assert.Equal(N("10.5"), Update("SET x = n + m", item)["x"]);
        Assert.Equal(N("-2"), Update("SET x = :a - :b", item, (":a", N(1)), (":b", N(3)))["x"]);
        Assert.Equal(N(20), Update("SET n = (n + n)", item)["n"]);
        Assert.Equal(N(11), Update("SET n = (n) + (:v)", item, (":v", N(1)))["n"]);
    }

    [Fact]
    public void If_not_exists()
    {
        Assert.Equal(N(0), Update("SET c = if_not_exists(c, :zero)", Item(), (":zero", N(0)))["c"]);
        Assert.Equal(N(5), Update("SET c = if_not_exists(c, :zero)", Item(("c", N(5))), (":zero", N(0)))["c"]);
        Assert.Equal(N(1), Update("SET c = if_not_exists(c, :zero) + :one", Item(), (":zero", N(0)), (":one", N(1)))["c"]);
        Assert.Equal(N(6), Update("SET c = if_not_exists(c, :zero) + :one", Item(("c", N(5))), (":zero", N(0)), (":one", N(1)))["c"]);
        Assert.Equal(S("d"), Update("SET x = if_not_exists(m.k, d)", Item(("m", M()), ("d", S("d"))))["x"]);
    }

    [Fact]
    public void List_append_both_ways_and_with_if_not_exists()
    {
        var item = Item(("l", L(N(1), N(2))));
        Assert.Equal(L(N(1), N(2), N(3)), Update("SET l = list_append(l, :v)", item, (":v", L(N(3))))["l"]);
        Assert.Equal(L(N(0), N(1), N(2)), Update("SET l = list_append(:v, l)", item, (":v", L(N(0))))["l"]);
        var ids = Update("SET ids = list_append(if_not_exists(ids, :empty), :me)", Item(), (":empty", L()), (":me", L(S("w1"))));
        Assert.Equal(L(S("w1")), ids["ids"]);
        ids = Update("SET ids = list_append(if_not_exists(ids, :empty), :me)", ids, (":empty", L()), (":me", L(S("w2"))));
        Assert.Equal(L(S("w1"), S("w2")), ids["ids"]);
    }

    [Fact]
    public void Set_nested_map_field_and_list_element()
    {
        var item = Item(("m", M(("a", N(1)), ("l", L(N(1), N(2))))));
        var result = Update("SET m.b = :v, m.l[0] = :w", item, (":v", S("new")), (":w", N(9)));
        Assert.Equal(M(("a", N(1)), ("l", L(N(9), N(2))), ("b", S("new"))), result["m"]);
    }

    [Fact]
    public void Set_past_the_end_of_a_list_appends()
    {
        var result = Update("SET l[10] = :v", Item(("l", L(N(1), N(2)))), (":v", N(3)));
        Assert.Equal(L(N(1), N(2), N(3)), result["l"]);
        result = Update("SET l[5] = :v, l[7] = :w", Item(("l", L(N(1)))), (":v", N(2)), (":w", N(3)));
        Assert.Equal(L(N(1), N(2), N(3)), result["l"]);
    }

    [Fact]
    public void Set_on_a_path_whose_parent_is_missing_or_not_a_container_is_invalid()
    {
        const string message = "The document path provided in the update expression is invalid for update";
        Assert.Equal(message, ErrorOf(() => Update("SET m.a = :v", Item(), (":v", N(1)))));
        Assert.Equal(message, ErrorOf(() => Update("SET m.a.b = :v", Item(("m", M())), (":v", N(1)))));
        Assert.Equal(message, ErrorOf(() => Update("SET s.a = :v", Item(("s", S("x"))), (":v", N(1)))));
        Assert.Equal(message, ErrorOf(() => Update("SET m[0] = :v", Item(("m", M())), (":v", N(1)))));
        Assert.Equal(message, ErrorOf(() => Update("SET l.a = :v", Item(("l", L())), (":v", N(1)))));
        Assert.Equal(message, ErrorOf(() => Update("SET l[3].a = :v", Item(("l", L(M()))), (":v", N(1)))));
    }

    [Fact]
    public void Set_from_a_missing_attribute_is_an_error()
    {
        const string message = "The provided expression refers to an attribute that does not exist in the item";
        Assert.Equal(message, ErrorOf(() => Update("SET a = b", Item())));
        Assert.Equal(message, ErrorOf(() => Update("SET a = b + :v", Item(), (":v", N(1)))));
        Assert.Equal(message, ErrorOf(() => Update("SET a = list_append(b, :v)", Item(), (":v", L()))));
    }

    [Fact]
    public void Arithmetic_and_list_append_on_wrong_types_are_errors()
    {
        const string message = "An operand in the update expression has an incorrect data type";
        Assert.Equal(message, ErrorOf(() => Update("SET a = b + :v", Item(("b", S("x"))), (":v", N(1)))));
        Assert.Equal(message, ErrorOf(() => Update("SET a = :v - b", Item(("b", SS("x"))), (":v", N(1)))));
        Assert.Equal(message, ErrorOf(() => Update("SET a = list_append(b, :v)", Item(("b", N(1))), (":v", L()))));
    }

    [Fact]
    public void Arithmetic_overflow_and_precision_are_errors()
    {
        Assert.Equal("Number overflow. Attempting to store a number with magnitude larger than supported range",
            ErrorOf(() => Update("SET a = a + a", Item(("a", N("9.9E125"))))));
        Assert.Equal("Attempting to store more than 38 significant digits in a Number",
            ErrorOf(() => Update("SET a = a + :v", Item(("a", N("1E30"))), (":v", N("0.000000001")))));
        Assert.Equal("Number overflow. Attempting to store a number with magnitude larger than supported range",
            ErrorOf(() => Update("ADD a :v", Item(("a", N("9.9E125"))), (":v", N("9.9E125")))));
    }

    [Fact]
    public void Remove_attributes_nested_fields_and_list_elements()
    {
        var item = Item(("a", N(1)), ("b", N(2)), ("m", M(("x", N(1)), ("y", N(2)))), ("l", L(N(0), N(1), N(2), N(3))));
        var result = Update("REMOVE a, m.x, l[1]", item);
        Assert.False(result.ContainsKey("a"));
        Assert.Equal(M(("y", N(2))), result["m"]);
        Assert.Equal(L(N(0), N(2), N(3)), result["l"]);
        Assert.Equal(N(2), result["b"]);
    }

    [Fact]
    public void Remove_several_list_elements_uses_the_original_indexes()
    {
        var item = Item(("l", L(N(0), N(1), N(2), N(3), N(4))));
        Assert.Equal(L(N(0), N(2), N(4)), Update("REMOVE l[1], l[3]", item)["l"]);
        Assert.Equal(L(N(0), N(2), N(4)), Update("REMOVE l[3], l[1]", item)["l"]);
        Assert.Equal(L(N(9), N(2), N(3), N(4)), Update("SET l[1] = :v REMOVE l[0]", item, (":v", N(9)))["l"]);
    }

    [Fact]
    public void Remove_of_missing_attributes_and_out_of_range_indexes_does_nothing()
    {
        var item = Item(("l", L(N(0))), ("m", M()));
        var result = Update("REMOVE absent, l[5], m.nope", item);
        Assert.Equal(Json(item), Json(result));
    }

    [Fact]
    public void Remove_under_a_missing_parent_is_invalid()
    {
        Assert.Equal("The document path provided in the update expression is invalid for update",
            ErrorOf(() => Update("REMOVE a.b", Item())));
    }

    [Fact]
    public void Add_numbers_starting_from_zero()
    {
        Assert.Equal(N(5), Update("ADD n :v", Item(), (":v", N(5)))["n"]);
        Assert.Equal(N(8), Update("ADD n :v", Item(("n", N(3))), (":v", N(5)))["n"]);
        Assert.Equal(N("-2.5"), Update("ADD n :v", Item(("n", N(0))), (":v", N("-2.5")))["n"]);
        Assert.Equal(M(("c", N(2))), Update("ADD m.c :v", Item(("m", M(("c", N(1))))), (":v", N(1)))["m"]);
    }

    [Fact]
    public void Add_sets_as_union()
    {
        Assert.Equal(SS("a", "b", "c"), Update("ADD s :v", Item(("s", SS("a", "b"))), (":v", SS("b", "c")))["s"]);
        Assert.Equal(NS(1, 2), Update("ADD s :v", Item(("s", NS(1))), (":v", NS(2, 1)))["s"]);
        Assert.Equal(BS([1], [2]), Update("ADD s :v", Item(("s", BS([1]))), (":v", BS([2])))["s"]);
        Assert.Equal(SS("x"), Update("ADD s :v", Item(), (":v", SS("x")))["s"]);
    }

    [Fact]
    public void Add_to_an_attribute_of_another_type_is_an_error()
    {
        const string message = "An operand in the update expression has an incorrect data type";
        Assert.Equal(message, ErrorOf(() => Update("ADD s :v", Item(("s", S("x"))), (":v", N(1)))));
        Assert.Equal(message, ErrorOf(() => Update("ADD s :v", Item(("s", NS(1))), (":v", SS("1")))));
        Assert.Equal(message, ErrorOf(() => Update("ADD s :v", Item(("s", N(1))), (":v", SS("1")))));
    }

    [Fact]
    public void Delete_set_elements_and_remove_an_emptied_set()
    {
        Assert.Equal(SS("a"), Update("DELETE s :v", Item(("s", SS("a", "b"))), (":v", SS("b", "z")))["s"]);
        Assert.Equal(NS(2), Update("DELETE s :v", Item(("s", NS(1, 2))), (":v", NS(1)))["s"]);
        Assert.Equal(BS([2]), Update("DELETE s :v", Item(("s", BS([1], [2]))), (":v", BS([1])))["s"]);
        Assert.False(Update("DELETE s :v", Item(("s", SS("a"))), (":v", SS("a"))).ContainsKey("s"));
        Assert.Empty(Update("DELETE s :v", Item(), (":v", SS("a"))));
        Assert.Equal(M(("s", SS("b"))), Update("DELETE m.s :v", Item(("m", M(("s", SS("a", "b"))))), (":v", SS("a")))["m"]);
        Assert.Equal("An operand in the update expression has an incorrect data type",
            ErrorOf(() => Update("DELETE s :v", Item(("s", NS(1))), (":v", SS("1")))));
    }

    [Fact]
    public void Sections_in_any_order_and_case()
    {
        var item = Item(("a", N(1)), ("b", N(2)), ("s", SS("x", "y")), ("r", N(0)));
        var result = Update("delete s :d add a :one REMOVE r set b = :v", item, (":d", SS("x")), (":one", N(1)), (":v", S("B")));
        Assert.Equal(Json(Item(("a", N(2)), ("b", S("B")), ("s", SS("y")))), Json(result));
    }

    [Fact]
    public void Name_placeholders_in_update_paths()
    {
        var attrs = Attrs([(":v", N(1))], [("#s", "status"), ("#k", "a.b")]);
        var update = ExpressionParser.ParseUpdate("SET #s = :v, m.#k = :v", attrs);
        var result = update.Apply(Item(("m", M())));
        Assert.Equal(N(1), result["status"]);
        Assert.Equal(M(("a.b", N(1))), result["m"]);
        attrs.AssertAllUsed();
    }

    [Fact]
    public void Top_level_attributes_lists_each_first_path_element_once()
    {
        var update = ExpressionParser.ParseUpdate("SET a.b = :v, c = :v REMOVE a.c, d[0] ADD e :n DELETE f :s",
            Values((":v", N(1)), (":n", N(1)), (":s", SS("x"))));
        Assert.Equal(["a", "c", "d", "e", "f"], update.TopLevelAttributes);
    }

    [Fact]
    public void Project_updated_returns_touched_paths_of_an_image()
    {
        var update = ExpressionParser.ParseUpdate("SET m.a = :v, n = :v REMOVE l[1]", Values((":v", N(9))));
        var old = Item(("m", M(("a", N(1)), ("b", N(2)))), ("n", N(0)), ("l", L(N(0), N(1), N(2))), ("other", S("x")));
        var updatedOld = update.ProjectUpdated(old);
        Assert.Equal(Json(Item(("m", M(("a", N(1)))), ("n", N(0)), ("l", L(N(1))))), Json(updatedOld));
        var updatedNew = update.ProjectUpdated(update.Apply(old));
        Assert.Equal(Json(Item(("m", M(("a", N(9)))), ("n", N(9)), ("l", L(N(2))))), Json(updatedNew));
    }

    [Fact]
    public void Apply_never_mutates_the_input_item()
    {
        var item = Item(("m", M(("l", L(N(1), N(2))), ("s", SS("a")))), ("n", N(1)), ("l", L(N(0), N(1))));
        var before = Json(item);
        var innerMap = item["m"].M;
        Update("SET m.l[0] = :v, m.x = :v, l[5] = :v ADD n :v DELETE m.s :s REMOVE l[0]", item, (":v", N(5)), (":s", SS("a")));
        Assert.Equal(before, Json(item));
        Assert.Same(innerMap, item["m"].M);
        Assert.Equal(2, item["m"].M["l"].L.Count);
    }

    [Fact]
    public void Set_operand_placeholders_can_repeat()
    {
        var result = Update("SET a = :v, b = :v + :v", Item(), (":v", N(2)));
        Assert.Equal(N(2), result["a"]);
        Assert.Equal(N(4), result["b"]);
    }
}
