using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Tests.Expressions;

/// <summary>Short builders for attribute values, items and expression attributes in expression tests.</summary>
internal static class Kit
{
    public static AttributeValue S(string s) => AttributeValue.FromS(s);
    public static AttributeValue N(string n) => AttributeValue.FromN(n);
    public static AttributeValue N(long n) => AttributeValue.FromN(DynamoNumber.FromLong(n));
    public static AttributeValue B(params byte[] b) => AttributeValue.FromB(b);
    public static AttributeValue L(params AttributeValue[] items) => AttributeValue.FromL(items);
    public static AttributeValue M(params (string Name, AttributeValue Value)[] fields) => AttributeValue.FromM(Item(fields));
    public static AttributeValue SS(params string[] s) => AttributeValue.FromSS(s);
    public static AttributeValue NS(params long[] n) => AttributeValue.FromNS(n.Select(DynamoNumber.FromLong).ToList());
    public static AttributeValue BS(params byte[][] b) => AttributeValue.FromBS(b);
    public static AttributeValue Bool(bool b) => AttributeValue.FromBool(b);
    public static AttributeValue Null => AttributeValue.Null;

    public static Dictionary<string, AttributeValue> Item(params (string Name, AttributeValue Value)[] fields)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in fields) item[name] = value;
        return item;
    }

    public static ExpressionAttributes Attrs(
        (string Placeholder, AttributeValue Value)[]? values = null,
        (string Placeholder, string Name)[]? names = null) =>
        new(names?.ToDictionary(n => n.Placeholder, n => n.Name), values?.ToDictionary(v => v.Placeholder, v => v.Value));

    public static ExpressionAttributes Values(params (string Placeholder, AttributeValue Value)[] values) => Attrs(values);

    public static bool Check(string condition, IReadOnlyDictionary<string, AttributeValue>? item, params (string, AttributeValue)[] values) =>
        ExpressionParser.ParseCondition(condition, Attrs(values)).Evaluate(item);

    public static Dictionary<string, AttributeValue> Update(string update, IReadOnlyDictionary<string, AttributeValue>? item,
        params (string, AttributeValue)[] values) =>
        ExpressionParser.ParseUpdate(update, Attrs(values)).Apply(item);

    public static string ErrorOf(Action action)
    {
        var e = Assert.Throws<DynamoException>(action);
        Assert.Equal(ErrorCode.Validation, e.Code);
        return e.Message;
    }

    public static string Json(IReadOnlyDictionary<string, AttributeValue> item) => AttributeValueJson.SerializeItem(item);
    public static string Json(AttributeValue value) => AttributeValueJson.Serialize(value);
}
