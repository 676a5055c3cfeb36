using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;

namespace UsageAnalytics.Costs;

/// <content>Reading a caller's breakdown safely: scalars in their JSON form, a detached snapshot that never
/// aliases or mutates the input, and the estimated parts as exact decimals.</content>
public sealed partial class CostBreakdownMerger
{
    /// <summary>Reads a value as its JSON kind and text (a string unescaped, a number raw); null when it has no JSON form.</summary>
    private static (JsonValueKind Kind, string? Text)? ReadScalar(JsonValue value)
    {
        if (!value.TryGetValue(out JsonElement element) && !TryRoundTrip(value, out element, out _))
        {
            return null;
        }

        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => (JsonValueKind.String, element.GetString()),
                JsonValueKind.Number => (JsonValueKind.Number, element.GetRawText()),
                _ => (element.ValueKind, null),
            };
        }
        catch (InvalidOperationException)
        {
            // A string parsed from text with an escaped lone surrogate cannot be unescaped.
            return null;
        }
    }

    /// <summary>
    /// Copies a breakdown through its JSON form into nodes we own: duplicate keys read last-value-wins and values built in
    /// code become JSON values. False, with the reason, when it cannot be written as JSON.
    /// </summary>
    private static bool TrySnapshot(JsonObject breakdown, out JsonObject snapshot, [NotNullWhen(false)] out Exception? error)
    {
        snapshot = [];
        if (!TryRoundTrip(breakdown, out var element, out error))
        {
            return false;
        }

        snapshot = (JsonObject)ToNode(element)!;
        return true;
    }

    private static bool TryRoundTrip(JsonNode node, out JsonElement element, [NotNullWhen(false)] out Exception? error) =>
        BreakdownJson.TryRoundTrip(node, out element, out error);

    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = ToNode(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ToNode(item));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element);
        }
    }

    /// <summary>Reads an estimated part of our own copy (<see cref="BreakdownJson.ReadEstimate"/>): missing, null or blank is 0; a number or numeric string is exact; anything else is an error.</summary>
    private static decimal ReadEstimate(JsonObject breakdown, string key) =>
        BreakdownJson.ReadEstimate(breakdown.TryGetPropertyValue(key, out var node) ? node : null, key);

    /// <summary>Our own copy of a breakdown (empty for none); a breakdown with no JSON form cannot be stored once merged.</summary>
    private static JsonObject Snapshot(JsonObject? breakdown)
    {
        JsonObject merged = [];
        if (breakdown is not null && !TrySnapshot(breakdown, out merged, out var unwritable))
        {
            throw new CostBreakdownException("The breakdown cannot be written as JSON, so it could not be stored once merged: " + unwritable.Message, unwritable);
        }

        return merged;
    }

    private static string[][] ParsePaths(IReadOnlyList<string> paths, string kind, string paramName)
    {
        var parsed = new string[paths.Count][];
        for (var i = 0; i < parsed.Length; i++)
        {
            var path = paths[i];
            var segments = string.IsNullOrWhiteSpace(path) ? [] : path.Split('.');
            if (segments.Length == 0 || Array.Exists(segments, string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException($"{kind} path #{i} ('{path}') is blank or has an empty segment.", paramName);
            }

            parsed[i] = segments;
        }

        return parsed;
    }

    /// <summary>Finds the request id in a breakdown; throws ArgumentException when an object of it has a duplicate key.</summary>
    private string? FindRequestId(JsonObject breakdown)
    {
        foreach (var path in _requestIdPaths)
        {
            JsonNode? node = breakdown;
            foreach (var segment in path)
            {
                node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
                if (node is null)
                {
                    break;
                }
            }

            if (node is JsonValue value && ReadScalar(value) is { } scalar && !string.IsNullOrWhiteSpace(scalar.Text))
            {
                if (scalar.Kind is JsonValueKind.String or JsonValueKind.Number)
                {
                    return scalar.Text;
                }
            }
        }

        return null;
    }
}
