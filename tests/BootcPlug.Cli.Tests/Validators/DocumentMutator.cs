using System.Text.Json.Nodes;

namespace BootcPlug.Cli.Tests.Validators;

/// <summary>
/// Breaks valid documents the ways real ones break: a member dropped, a value of another type, a digest or name
/// spelled wrong, an unknown member, a number out of range, a value outside an enumeration, a null. Deterministic
/// for a given seed.
/// </summary>
internal sealed class DocumentMutator(int seed)
{
    private static readonly string[] Words = ["bogus", "", "Bls", "uki", "grub", "none", "default", "1.0", "1.0.0",
        "x.dll", "a/b.dll", "sha256:", "containerPolicy", "enabled", "-x", "A"];

    private readonly Random _random = new(seed);

    /// <summary>One to three mutations of a copy of <paramref name="document"/>.</summary>
    public JsonNode Mutate(JsonNode document)
    {
        JsonNode copy = document.DeepClone();
        int count = 1 + _random.Next(3);
        for (int i = 0; i < count; i++) copy = MutateOnce(copy);
        return copy;
    }

    private JsonNode MutateOnce(JsonNode root)
    {
        var places = new List<(JsonNode? Parent, string? Name, int Index, JsonNode? Value)> { (null, null, -1, root) };
        Collect(root, places);
        var (parent, name, index, value) = places[_random.Next(places.Count)];
        JsonNode? replacement;
        switch (_random.Next(8))
        {
            case 0 when parent is JsonObject owner:
                owner.Remove(name!);
                return root;
            case 1 when value is JsonObject target:
                target["unknown" + _random.Next(3)] = _random.Next(2) == 0 ? JsonValue.Create(1) : null;
                return root;
            case 2:
                replacement = OtherType(value);
                break;
            case 3 when value is JsonValue text && text.TryGetValue(out string? s):
                replacement = JsonValue.Create(BreakString(s));
                break;
            case 4 when value is JsonValue number && number.TryGetValue(out double _):
                replacement = OutOfRange();
                break;
            case 5:
                replacement = JsonValue.Create(Words[_random.Next(Words.Length)]);
                break;
            case 6:
                replacement = null;
                break;
            default:
                if (value is JsonArray list && list.Count > 0)
                {
                    list.RemoveAt(_random.Next(list.Count));
                    return root;
                }
                replacement = OtherType(value);
                break;
        }
        if (parent is null) return replacement ?? JsonValue.Create("null-root")!;
        if (parent is JsonObject obj) obj[name!] = replacement;
        else ((JsonArray)parent)[index] = replacement;
        return root;
    }

    private static void Collect(JsonNode node, List<(JsonNode?, string?, int, JsonNode?)> places)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj.ToList())
            {
                places.Add((obj, key, -1, child));
                if (child is not null) Collect(child, places);
            }
        }
        else if (node is JsonArray array)
        {
            for (int i = 0; i < array.Count; i++)
            {
                places.Add((array, null, i, array[i]));
                if (array[i] is { } child) Collect(child, places);
            }
        }
    }

    private JsonNode? OtherType(JsonNode? value) => _random.Next(6) switch
    {
        0 => value is JsonValue v && v.TryGetValue(out string? _) ? JsonValue.Create(7) : JsonValue.Create("7"),
        1 => JsonValue.Create(true),
        2 => new JsonObject(),
        3 => new JsonArray(JsonValue.Create("x")),
        4 => JsonValue.Create(1.5),
        _ => value is JsonObject ? new JsonArray() : new JsonObject { ["a"] = 1 },
    };

    private string BreakString(string s) => _random.Next(7) switch
    {
        0 when s.Length > 0 => s[..^1],
        1 => s.ToUpperInvariant(),
        2 => s + "0",
        3 when s.Length > 0 => "g" + s[1..],
        4 => "sha256:" + s,
        5 when s.StartsWith("sha256:", StringComparison.Ordinal) => s["sha256:".Length..],
        _ => " " + s,
    };

    private JsonNode OutOfRange() => _random.Next(5) switch
    {
        0 => JsonValue.Create(-1),
        1 => JsonValue.Create(-0.5),
        2 => JsonValue.Create(1e30),
        3 => JsonValue.Create(4294967296L),
        _ => JsonValue.Create(3.25),
    };
}
