using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UsageAnalytics.LiteLLM;

/// <content>Readers of the tolerant fields: the response-cache flag, metadata and tags that may arrive as JSON strings.</content>
internal static partial class SpendLogParser
{
    /// <summary>
    /// LiteLLM writes <c>cache_hit</c> as the string <c>"True"</c>, <c>"False"</c> or <c>"None"</c> (Python's
    /// <c>str(bool | None)</c>), and leaves it out or null on rows that never touched its response cache. Only
    /// <c>"True"</c> (or JSON <see langword="true"/>, or 1) is a hit; <c>"False"</c>, <c>"None"</c>, an empty string,
    /// null, 0 or an absent field mean no hit happened. Anything else cannot be read and gives <see langword="null"/>
    /// (unknown), which hit rates leave out.
    /// </summary>
    private static bool? GetCacheHit(Dictionary<string, JsonElement> row)
    {
        if (!row.TryGetValue("cache_hit", out var value))
        {
            return false;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
            case JsonValueKind.Null:
                return false;
            case JsonValueKind.Number when value.TryGetInt32(out var number) && number is 0 or 1:
                return number == 1;
            case JsonValueKind.String:
                var text = TryGetString(value)?.Trim();
                if (text is null)
                {
                    return null;
                }

                if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1")
                {
                    return true;
                }

                if (text.Length == 0 || text == "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase)
                    || text.Equals("none", StringComparison.OrdinalIgnoreCase) || text.Equals("null", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                return null;
            default:
                return null;
        }
    }

    private static JsonObject? GetObject(Dictionary<string, JsonElement> row, string name)
    {
        if (!row.TryGetValue(name, out var value))
        {
            return null;
        }

        var node = ParseMaybeString(value);
        return node as JsonObject;
    }

    private static List<string> GetTags(Dictionary<string, JsonElement> row)
    {
        if (!row.TryGetValue("request_tags", out var value) || ParseMaybeString(value) is not JsonArray array)
        {
            return [];
        }

        var tags = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is JsonValue tag && tag.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
            {
                tags.Add(text);
            }
        }

        return tags;
    }

    /// <summary>The deepest nesting read inside <c>metadata</c> or <c>request_tags</c> (JsonDocument's default).</summary>
    private const int MaxNodeDepth = 64;

    /// <summary>
    /// Returns the node of an object or array, or of a JSON string holding one; null for anything unreadable: a string
    /// that is not JSON, or nesting deeper than <see cref="MaxNodeDepth"/>. The copy is our own: a duplicate key keeps
    /// its last value (as Python's <c>json.loads</c> does, and as the row's own fields are read), and a string or key whose escapes are invalid UTF-16 (a lone surrogate) is read as null or left out, so
    /// nothing throws later when the node is read.
    /// </summary>
    private static JsonNode? ParseMaybeString(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                return ToNode(value.Clone(), 0, out var node) ? node : null;
            case JsonValueKind.String:
                var text = TryGetString(value);
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                try
                {
                    using var document = JsonDocument.Parse(text);
                    var root = document.RootElement.Clone();
                    return root.ValueKind is JsonValueKind.Object or JsonValueKind.Array && ToNode(root, 0, out var parsed) ? parsed : null;
                }
                catch (JsonException)
                {
                    // A metadata string that is not JSON (or nests deeper than 64) carries nothing we can use; the
                    // row itself is still valid.
                    return null;
                }

            default:
                return null;
        }
    }

    /// <summary>Copies a (cloned, never disposed) element into a node; false when it nests too deep.</summary>
    private static bool ToNode(JsonElement element, int depth, out JsonNode? node)
    {
        node = null;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (depth >= MaxNodeDepth)
                {
                    return false;
                }

                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    if (TryGetName(property) is not { } name)
                    {
                        continue;
                    }

                    if (!ToNode(property.Value, depth + 1, out var child))
                    {
                        return false;
                    }

                    obj[name] = child; // The indexer replaces: the last duplicate wins.
                }

                node = obj;
                return true;
            case JsonValueKind.Array:
                if (depth >= MaxNodeDepth)
                {
                    return false;
                }

                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    if (!ToNode(item, depth + 1, out var child))
                    {
                        return false;
                    }

                    array.Add(child);
                }

                node = array;
                return true;
            case JsonValueKind.String:
                node = TryGetString(element) is { } text ? JsonValue.Create(text) : null;
                return true;
            case JsonValueKind.Number:
                node = JsonValue.Create(element);
                return true;
            case JsonValueKind.True or JsonValueKind.False:
                node = JsonValue.Create(element.ValueKind == JsonValueKind.True);
                return true;
            default:
                return true;
        }
    }

    private static string? TryGetName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? NodeString(JsonObject? node, string name)
    {
        if (node?[name] is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<string>(out var text))
        {
            return Blank(text);
        }

        return value.GetValueKind() == JsonValueKind.Number ? value.ToJsonString() : null;
    }
}
