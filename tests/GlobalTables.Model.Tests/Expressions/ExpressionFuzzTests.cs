using System.Text;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Tests.Expressions;

/// <summary>
/// Generates expressions from the grammars (and mangled variants) with a seeded Random; parsing and
/// evaluating must only ever fail with DynamoException. A failure names the seed and the expression.
/// </summary>
public class ExpressionFuzzTests
{
    const int Seed = 20261126;
    const int Iterations = 3000;

    static readonly string[] Names = ["a", "b", "c", "#n", "#m", "#undefined", "status", "l", "m"];
    static readonly string[] Values = [":s", ":n", ":l", ":m", ":ss", ":ns", ":b", ":t", ":undefined"];
    static readonly string[] Comparators = ["=", "<>", "<", "<=", ">", ">="];
    static readonly string[] ConditionFunctions = ["attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size", "foo"];
    static readonly string[] Noise = ["(", ")", "[", "]", ",", ".", "=", "+", "-", "AND", "OR", "NOT", "SET", "REMOVE", "ADD", "DELETE", "BETWEEN", "IN", "!", "@", "_", "#", ":", "0", "99999999999", "\u00e9", "\ud83d\ude00"];

    static ExpressionAttributes Attributes() => new(
        new Dictionary<string, string> { ["#n"] = "n", ["#m"] = "m.x" },
        new Dictionary<string, AttributeValue>
        {
            [":s"] = AttributeValue.FromS("S"),
            [":n"] = AttributeValue.FromN("1"),
            [":l"] = AttributeValue.FromL([AttributeValue.FromN("2")]),
            [":m"] = AttributeValue.FromM(new Dictionary<string, AttributeValue> { ["x"] = AttributeValue.FromS("y") }),
            [":ss"] = AttributeValue.FromSS(["a", "b"]),
            [":ns"] = AttributeValue.FromNS([DynamoNumber.FromLong(1)]),
            [":b"] = AttributeValue.FromB([1, 2]),
            [":t"] = AttributeValue.True,
        });

    static readonly Dictionary<string, AttributeValue>[] Items =
    [
        new(),
        new()
        {
            ["a"] = AttributeValue.FromN("5"),
            ["b"] = AttributeValue.FromS("Sx"),
            ["c"] = AttributeValue.FromSS(["a"]),
            ["n"] = AttributeValue.FromN("-3"),
            ["l"] = AttributeValue.FromL([AttributeValue.FromN("1"), AttributeValue.FromL([AttributeValue.FromS("z")])]),
            ["m"] = AttributeValue.FromM(new Dictionary<string, AttributeValue> { ["a"] = AttributeValue.FromN("1"), ["l"] = AttributeValue.FromL([]) }),
        },
        new() { ["a"] = AttributeValue.FromL([]), ["b"] = AttributeValue.FromNS([DynamoNumber.FromLong(1)]), ["m"] = AttributeValue.FromS("not a map") },
    ];

    sealed class Generator(Random random)
    {
        int _depth;

        string Pick(string[] options) => options[random.Next(options.Length)];

        public string Path()
        {
            var sb = new StringBuilder(Pick(Names));
            int steps = random.Next(3);
            for (int i = 0; i < steps; i++)
                sb.Append(random.Next(2) == 0 ? "." + Pick(Names) : $"[{random.Next(4)}]");
            return sb.ToString();
        }

        public string Operand() => random.Next(6) switch
        {
            0 or 1 => Path(),
            2 or 3 => Pick(Values),
            4 => $"size({Path()})",
            _ => $"({Operand()})",
        };

        public string Condition()
        {
            if (++_depth > 4) { _depth--; return $"{Path()} = {Pick(Values)}"; }
            string result = random.Next(9) switch
            {
                0 => $"{Condition()} AND {Condition()}",
                1 => $"{Condition()} OR {Condition()}",
                2 => $"NOT {Condition()}",
                3 => $"({Condition()})",
                4 => $"{Operand()} BETWEEN {Operand()} AND {Operand()}",
                5 => $"{Operand()} IN ({string.Join(", ", Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Operand()))})",
                6 => $"{Pick(ConditionFunctions)}({string.Join(", ", Enumerable.Range(0, 1 + random.Next(2)).Select(_ => Operand()))})",
                _ => $"{Operand()} {Pick(Comparators)} {Operand()}",
            };
            _depth--;
            return result;
        }

        string SetValue()
        {
            string UpdateOperand() => random.Next(5) switch
            {
                0 => Path(),
                1 or 2 => Pick(Values),
                3 => $"if_not_exists({Path()}, {Pick(Values)})",
                _ => $"list_append({(random.Next(2) == 0 ? Path() : Pick(Values))}, {Pick(Values)})",
            };
            return random.Next(3) switch
            {
                0 => $"{UpdateOperand()} + {UpdateOperand()}",
                1 => $"{UpdateOperand()} - {UpdateOperand()}",
                _ => UpdateOperand(),
            };
        }

        public string Update()
        {
            var sections = new List<string>();
            foreach (var section in new[] { "SET", "REMOVE", "ADD", "DELETE" }.OrderBy(_ => random.Next()))
            {
                if (random.Next(2) == 0) continue;
                var actions = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => section switch
                {
                    "SET" => $"{Path()} = {SetValue()}",
                    "REMOVE" => Path(),
                    _ => $"{Path()} {Pick(Values)}",
                });
                sections.Add(section + " " + string.Join(", ", actions));
            }
            return sections.Count == 0 ? $"SET {Path()} = {SetValue()}" : string.Join(" ", sections);
        }

        public string Projection() => string.Join(", ", Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Path()));

        public string KeyCondition() => random.Next(4) switch
        {
            0 => $"{Pick(Names)} = {Pick(Values)}",
            1 => $"{Pick(Names)} = {Pick(Values)} AND {Pick(Names)} {Pick(Comparators)} {Pick(Values)}",
            2 => $"{Pick(Names)} = {Pick(Values)} AND begins_with({Path()}, {Pick(Values)})",
            _ => Condition(),
        };

        /// <summary>Deletes, duplicates or inserts tokens at random places, or truncates.</summary>
        public string Mangle(string text)
        {
            var tokens = text.Split(' ').ToList();
            int edits = random.Next(3);
            for (int i = 0; i < edits && tokens.Count > 0; i++)
            {
                int at = random.Next(tokens.Count);
                switch (random.Next(4))
                {
                    case 0: tokens.RemoveAt(at); break;
                    case 1: tokens.Insert(at, tokens[at]); break;
                    case 2: tokens.Insert(at, Pick(Noise)); break;
                    default:
                        var joined = string.Join(" ", tokens);
                        return joined[..random.Next(joined.Length + 1)];
                }
            }
            return string.Join(random.Next(4) == 0 ? "" : " ", tokens);
        }
    }

    static void Run(string kind, string text, Action<string> action)
    {
        try
        {
            action(text);
        }
        catch (DynamoException e)
        {
            Assert.Equal(ErrorCode.Validation, e.Code);
            Assert.False(string.IsNullOrEmpty(e.Message));
        }
        catch (Exception e)
        {
            Assert.Fail($"seed={Seed} {kind} expression <{text}> threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }
    }

    [Fact]
    public void Parsing_and_evaluating_random_expressions_only_throws_DynamoException()
    {
        var random = new Random(Seed);
        var generator = new Generator(random);
        int parsedConditions = 0, appliedUpdates = 0;
        for (int i = 0; i < Iterations; i++)
        {
            bool mangle = random.Next(3) == 0;
            string Maybe(string text) => mangle ? generator.Mangle(text) : text;

            Run("condition", Maybe(generator.Condition()), text =>
            {
                var condition = ExpressionParser.ParseCondition(text, Attributes(), random.Next(2) == 0 ? ExpressionKind.Condition : ExpressionKind.Filter);
                parsedConditions++;
                foreach (var item in Items) condition.Evaluate(item);
                condition.Evaluate(null);
            });
            Run("update", Maybe(generator.Update()), text =>
            {
                var update = ExpressionParser.ParseUpdate(text, Attributes());
                _ = update.TopLevelAttributes;
                foreach (var item in Items)
                {
                    var before = AttributeValueJson.SerializeItem(item);
                    try
                    {
                        var result = update.Apply(item);
                        update.ProjectUpdated(result);
                        appliedUpdates++;
                    }
                    finally
                    {
                        Assert.Equal(before, AttributeValueJson.SerializeItem(item));
                    }
                }
            });
            Run("projection", Maybe(generator.Projection()), text =>
            {
                var projection = ExpressionParser.ParseProjection(text, Attributes());
                foreach (var item in Items) projection.Apply(item);
            });
            Run("key condition", Maybe(generator.KeyCondition()), text =>
            {
                var key = ExpressionParser.ParseKeyCondition(text, Attributes());
                key.MatchesSortKey(AttributeValue.FromN("1"));
                key.MatchesSortKey(AttributeValue.FromS("S"));
            });
        }
        // The generator must reach the evaluators, not only the error paths.
        Assert.True(parsedConditions > Iterations / 50, $"only {parsedConditions} conditions parsed");
        Assert.True(appliedUpdates > Iterations / 50, $"only {appliedUpdates} updates applied");
    }

    [Fact]
    public void Random_character_soup_only_throws_DynamoException()
    {
        var random = new Random(Seed + 1);
        const string alphabet = "abAZ09_#:.,[]()=<>+-! \t\n\u00e9";
        for (int i = 0; i < Iterations; i++)
        {
            var chars = new char[random.Next(1, 24)];
            for (int j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            var text = new string(chars);
            Run("condition", text, t => ExpressionParser.ParseCondition(t, Attributes()));
            Run("update", text, t => ExpressionParser.ParseUpdate(t, Attributes()));
            Run("projection", text, t => ExpressionParser.ParseProjection(t, Attributes()));
            Run("key condition", text, t => ExpressionParser.ParseKeyCondition(t, Attributes()));
        }
    }
}
