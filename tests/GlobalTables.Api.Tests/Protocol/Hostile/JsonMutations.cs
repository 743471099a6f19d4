using System.Text.Json.Nodes;

namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>
/// Breaks a body's structure where a client's bug would: a member set to null or to the wrong type, a member
/// dropped or unknown, an array grown past its limit. Values come from <see cref="NastyValues"/> and
/// <see cref="AttributeValues"/>, so no mutation can name the guarded table or its keys.
/// </summary>
public sealed class JsonMutations(Random random, NastyValues nasty, AttributeValues values)
{
    static readonly string[] UnknownMembers = ["Unknown", "__proto__", "tableName", "", "Item ", "\u00e9"];

    /// <summary>Applies one to three mutations to the body in place, and names them.</summary>
    public string Mutate(JsonObject body)
    {
        var applied = new List<string>();
        for (int i = random.Next(1, 4); i > 0; i--) applied.Add(MutateOnce(body));
        return string.Join("+", applied);
    }

    string MutateOnce(JsonObject body)
    {
        var containers = Containers(body);
        var container = containers[random.Next(containers.Count)];
        switch (container)
        {
            case JsonObject obj when obj.Count > 0:
            {
                var name = obj.ElementAt(random.Next(obj.Count)).Key;
                switch (random.Next(5))
                {
                    case 0: obj[name] = null; return $"null {name}";
                    case 1: obj[name] = nasty.Any(); return $"retype {name}";
                    case 2: obj.Remove(name); return $"drop {name}";
                    case 3: obj[name] = values.Any(); return $"attribute value in {name}";
                    default: obj[UnknownMembers[random.Next(UnknownMembers.Length)]] = nasty.Any(); return "unknown member";
                }
            }
            case JsonArray array when array.Count > 0:
            {
                int index = random.Next(array.Count);
                switch (random.Next(3))
                {
                    case 0: array[index] = null; return "null element";
                    case 1: array[index] = nasty.Any(); return "retype element";
                    default:
                        // Past a list's limit (25 writes, 100 keys or actions) by copying what is there.
                        for (int i = 0; i < 101; i++) array.Add(array[index]?.DeepClone());
                        return "grow list";
                }
            }
            default:
                return "none";
        }
    }

    /// <summary>Every object and array in the body, the body first.</summary>
    static List<JsonNode> Containers(JsonNode root)
    {
        var found = new List<JsonNode>();
        var pending = new Stack<JsonNode>([root]);
        while (pending.TryPop(out var node))
        {
            found.Add(node);
            var children = node switch
            {
                JsonObject obj => obj.Select(p => p.Value),
                JsonArray array => array.AsEnumerable(),
                _ => [],
            };
            foreach (var child in children)
                if (child is JsonObject or JsonArray) pending.Push(child);
        }
        return found;
    }
}
