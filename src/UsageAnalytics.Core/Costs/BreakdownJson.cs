using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UsageAnalytics.Costs;

/// <summary>
/// The one way UsageAnalytics reads a stored cost breakdown's values: a node in its JSON form (round-tripped when it was
/// built in code), and an estimated part as an exact, non-negative decimal. Shared by <see cref="CostBreakdownMerger"/>
/// and the pricing reports, so a part means the same everywhere.
/// </summary>
internal static class BreakdownJson
{
    /// <summary>The deepest breakdown read or written.</summary>
    public const int MaxDepth = 256;

    /// <summary>Writes a node as JSON and reads it back; false, with the reason, when it has no JSON form (a non-finite
    /// double, a lone surrogate, an unwritable type, nesting deeper than <see cref="MaxDepth"/>).</summary>
    public static bool TryRoundTrip(JsonNode node, out JsonElement element, [NotNullWhen(false)] out Exception? error)
    {
        element = default;
        try
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = MaxDepth }))
            {
                node.WriteTo(writer);
            }

            var reader = new Utf8JsonReader(buffer.WrittenSpan, new JsonReaderOptions { MaxDepth = MaxDepth });
            element = JsonElement.ParseValue(ref reader);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or JsonException or NotSupportedException
            or FormatException or InvalidCastException or OverflowException)
        {
            error = ex;
            return false;
        }
    }

    /// <summary>Reads an estimated part: missing (null node) or a blank string is 0; a number or numeric string is exact;
    /// anything else is an error.</summary>
    /// <exception cref="CostBreakdownException">The part is not a non-negative number or numeric string.</exception>
    public static decimal ReadEstimate(JsonNode? node, string key)
    {
        if (node is null)
        {
            return 0m;
        }

        JsonElement element;
        if (!(node is JsonValue json && json.TryGetValue(out element)) && !TryRoundTrip(node, out element, out _))
        {
            throw new CostBreakdownException($"The breakdown's '{key}' cannot be read as JSON, so it is not a cost.");
        }

        decimal value;
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (!element.TryGetDecimal(out value))
                {
                    throw new CostBreakdownException($"The breakdown's '{key}' is out of range for a cost: {element.GetRawText()}.");
                }

                break;
            case JsonValueKind.String:
                var text = StringOf(element, key);
                if (string.IsNullOrWhiteSpace(text))
                {
                    return 0m;
                }

                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    throw new CostBreakdownException($"The breakdown's '{key}' is not a number: '{text}'.");
                }

                break;
            default:
                throw new CostBreakdownException($"The breakdown's '{key}' must be a number or a numeric string, not {element.ValueKind}.");
        }

        if (value < 0)
        {
            throw new CostBreakdownException($"The breakdown's '{key}' is negative: {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    private static string? StringOf(JsonElement element, string key)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException ex)
        {
            // A string parsed from text with an escaped lone surrogate cannot be unescaped.
            throw new CostBreakdownException($"The breakdown's '{key}' is not a readable string, so it is not a cost.", ex);
        }
    }
}
