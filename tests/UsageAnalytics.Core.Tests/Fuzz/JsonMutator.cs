using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace UsageAnalytics.Fuzz;

/// <summary>
/// Seeded mutations of JSON text for the fuzz suites: a value's JSON type changed at a random path, huge and tiny
/// numbers, NaN/Infinity and odd numeric strings, deep nesting, duplicate keys, truncation, lone surrogates, long
/// strings and odd timestamps. Every case is reproducible from its seed.
/// </summary>
internal sealed class JsonMutator(int seed)
{
    public static readonly string[] OddNumbers =
    [
        "1e308", "1e400", "-1e400", "-0", "0.0000000000000000000000000000001", "79228162514264337593543950335",
        "79228162514264337593543950336", "-79228162514264337593543950336", "1e-400", "123456789012345678901234567890",
    ];

    public static readonly string[] OddStrings =
    [
        "NaN", "Infinity", "-Infinity", "1,5", " 1 ", "1e3", "0x10", "", "   ", "None", "True", "null", "\u0000",
        "0001-01-01", "9999-12-31T23:59:59Z", "2026-13-45", "1722954600", "9:0", "Dec 25", "2026-08-06T14:30:00+99:00",
        "\ud800", "a\r\nforged: line", "🙂",
    ];

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    /// <summary>Returns one to three mutations of <paramref name="json"/> applied in turn.</summary>
    public string Mutate(string json)
    {
        var text = json;
        for (var n = _random.Next(1, 4); n > 0; n--)
        {
            text = MutateOnce(text);
        }

        return text;
    }

    private string MutateOnce(string text)
    {
        switch (_random.Next(12))
        {
            case 0: return Truncate(text);
            case 1: return DuplicateKey(text);
            case 2: return _random.Next(20) == 0 ? DeepNesting(text, 10_000) : DeepNesting(text, _random.Next(2, 200));
            case 3: return ReplaceEscaped(text, "\\ud800");
            case 4: return _random.Next(10) == 0 ? LoneSurrogateChar(text) : InsertControl(text);
            case 5: return _random.Next(50) == 0 ? ReplaceString(text, new string('x', 10 * 1024 * 1024)) : ReplaceString(text, new string('y', _random.Next(1, 5000)));
            default: return MutateNodeOrTruncate(text);
        }
    }

    /// <summary>The JSON object model throws lazily on duplicate keys and lone surrogates earlier mutations made: such
    /// text is truncated instead, so the mutator itself never throws.</summary>
    private string MutateNodeOrTruncate(string text)
    {
        try
        {
            return MutateNode(text);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return Truncate(text);
        }
    }

    private string MutateNode(string text)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return Truncate(text);
        }

        if (root is null)
        {
            return text;
        }

        var holders = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(root, holders);
        if (holders.Count == 0)
        {
            return RandomValue()?.ToJsonString() ?? "null";
        }

        var (parent, key, index) = holders[_random.Next(holders.Count)];
        var value = RandomValue();
        if (parent is JsonObject obj && key is not null)
        {
            obj[key] = value;
        }
        else if (parent is JsonArray array)
        {
            array[index] = value;
        }

        return root.ToJsonString();
    }

    private JsonNode? RandomValue() => _random.Next(8) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.Next(2) == 0),
        2 => JsonNode.Parse(OddNumbers[_random.Next(OddNumbers.Length)] is var n && n.Contains('e', StringComparison.Ordinal) && n.Contains("400", StringComparison.Ordinal) ? "1" : n),
        3 => JsonValue.Create(OddStrings[_random.Next(OddStrings.Length)]),
        4 => new JsonArray(JsonValue.Create(1), null, JsonValue.Create("x")),
        5 => new JsonObject { ["a"] = 1, ["b"] = new JsonArray() },
        6 => JsonValue.Create(_random.NextDouble() * Math.Pow(10, _random.Next(-20, 30))),
        _ => JsonValue.Create(-_random.Next()),
    };

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> holders)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj.ToList())
            {
                holders.Add((obj, key, -1));
                if (child is not null)
                {
                    Collect(child, holders);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                holders.Add((array, null, i));
                if (array[i] is { } child)
                {
                    Collect(child, holders);
                }
            }
        }
    }

    private string Truncate(string text) => text.Length == 0 ? text : text[.._random.Next(text.Length)];

    /// <summary>Repeats the first property of a random object right after its opening brace.</summary>
    private string DuplicateKey(string text)
    {
        var braces = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '{' && i + 1 < text.Length && text[i + 1] == '"')
            {
                braces.Add(i);
            }
        }

        if (braces.Count == 0)
        {
            return text;
        }

        var at = braces[_random.Next(braces.Count)];
        var keyEnd = text.IndexOf('"', at + 2);
        if (keyEnd < 0)
        {
            return text;
        }

        var key = text[(at + 1)..(keyEnd + 1)];
        var value = OddNumbers[_random.Next(3)];
        return text[..(at + 1)] + key + ":" + (value == "1e400" ? "1" : value) + "," + text[(at + 1)..];
    }

    private string DeepNesting(string text, int depth)
    {
        var colon = FindValueStart(text);
        if (colon < 0)
        {
            return new string('[', depth) + new string(']', depth);
        }

        var open = new string('[', depth);
        var close = new string(']', depth);
        var end = FindValueEnd(text, colon);
        return text[..colon] + open + text[colon..end] + close + text[end..];
    }

    private string ReplaceEscaped(string text, string escaped)
    {
        var quote = RandomStringStart(text);
        return quote < 0 ? text : text[..(quote + 1)] + escaped + text[(quote + 1)..];
    }

    private string LoneSurrogateChar(string text)
    {
        var quote = RandomStringStart(text);
        return quote < 0 ? text + "\ud800" : text[..(quote + 1)] + "\ud800" + text[(quote + 1)..];
    }

    private string InsertControl(string text)
    {
        var quote = RandomStringStart(text);
        return quote < 0 ? text : text[..(quote + 1)] + "\\r\\n\\u0000" + text[(quote + 1)..];
    }

    private string ReplaceString(string text, string value)
    {
        var quote = RandomStringStart(text);
        return quote < 0 ? text : text[..(quote + 1)] + value + text[(quote + 1)..];
    }

    private int RandomStringStart(string text)
    {
        var starts = new List<int>();
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '"' && (text[i - 1] == ':' || text[i - 1] == ' ' || text[i - 1] == '['))
            {
                starts.Add(i);
            }
        }

        return starts.Count == 0 ? -1 : starts[_random.Next(starts.Count)];
    }

    private int FindValueStart(string text)
    {
        var starts = new List<int>();
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] == ':')
            {
                starts.Add(i + 1);
            }
        }

        return starts.Count == 0 ? -1 : starts[_random.Next(starts.Count)];
    }

    private static int FindValueEnd(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"': inString = true; break;
                case '{' or '[': depth++; break;
                case '}' or ']' when depth == 0: return i;
                case '}' or ']': depth--; break;
                case ',' when depth == 0: return i;
            }
        }

        return text.Length;
    }

    /// <summary>Formats a failing case so it can be replayed: the seed and the start of the input.</summary>
    public static string Describe(int seed, int index, string input) =>
        string.Create(CultureInfo.InvariantCulture, $"seed {seed}, case {index}: {Encoding.UTF8.GetByteCount(input.Replace("\ud800", "?", StringComparison.Ordinal))} bytes, starts {input[..Math.Min(300, input.Length)]}");
}
