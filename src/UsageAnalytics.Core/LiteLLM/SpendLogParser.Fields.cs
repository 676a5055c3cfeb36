using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UsageAnalytics.LiteLLM;

/// <content>Readers of the tolerant fields: the response-cache flag, metadata and tags that may arrive as JSON strings, and nested usage counts.</content>
internal static partial class SpendLogParser
{
    /// <summary>
    /// LiteLLM writes <c>cache_hit</c> as the string <c>"True"</c>, <c>"False"</c> or <c>"None"</c> (Python's
    /// <c>str(bool | None)</c>), and leaves it out or null on rows that never touched its response cache. Only
    /// <c>"True"</c> (or JSON <see langword="true"/>, or 1) is a hit; <c>"False"</c>, <c>"None"</c>, an empty string,
    /// null, 0 or an absent field mean no hit happened. Anything else cannot be read and gives <see langword="null"/>
    /// (unknown), which hit rates leave out.
    /// </summary>
    private static bool? GetCacheHit(JsonElement row)
    {
        if (!row.TryGetProperty("cache_hit", out var value))
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
                var text = value.GetString()!.Trim();
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

    private static JsonObject? GetObject(JsonElement row, string name)
    {
        if (!row.TryGetProperty(name, out var value))
        {
            return null;
        }

        var node = ParseMaybeString(value);
        return node as JsonObject;
    }

    private static List<string> GetTags(JsonElement row)
    {
        if (!row.TryGetProperty("request_tags", out var value) || ParseMaybeString(value) is not JsonArray array)
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

    /// <summary>Returns the node of an object or array, or of a JSON string holding one; null for anything unreadable.</summary>
    private static JsonNode? ParseMaybeString(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return JsonObject.Create(value.Clone());
            case JsonValueKind.Array:
                return JsonArray.Create(value.Clone());
            case JsonValueKind.String:
                var text = value.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    // A metadata string that is not JSON carries nothing we can use; the row itself is still valid.
                    return null;
                }

            default:
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

    private static long NodeInt64(JsonObject? node, string name)
    {
        if (node?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            if (value.TryGetValue<long>(out var whole))
            {
                return whole;
            }

            if (value.TryGetValue<double>(out var real) && double.IsFinite(real))
            {
                return (long)real;
            }
        }

        return 0;
    }

    private static long NodeInt64(JsonObject? node, string parent, string name) => NodeInt64(node?[parent] as JsonObject, name);

    private static long FirstPositive(params ReadOnlySpan<long> values)
    {
        foreach (var value in values)
        {
            if (value > 0)
            {
                return value;
            }
        }

        return 0;
    }
}
