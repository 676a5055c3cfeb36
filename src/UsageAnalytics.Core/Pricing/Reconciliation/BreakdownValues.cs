using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using UsageAnalytics.Costs;

namespace UsageAnalytics.Pricing;

/// <summary>
/// Reads the few values coverage, reconciliation and re-pricing need from a stored cost breakdown: the spend log's
/// token counts (<c>prompt_tokens</c>, <c>completion_tokens</c>, written by <see cref="CostBreakdownMerger"/>) and the
/// estimated parts the price book does not price (the composite row's STT and TTS estimates). Never mutates the input.
/// </summary>
internal static class BreakdownValues
{
    private const string PromptTokensKey = "prompt_tokens";
    private const string CompletionTokensKey = "completion_tokens";
    private const int MaxDepth = 256;

    /// <summary>
    /// The spend log's prompt and completion tokens, or null when either is absent, not a non-negative whole number, or
    /// both are 0 while the record counted tokens (LiteLLM writes 0 for "unknown", LITELLM.md).
    /// </summary>
    public static (long Prompt, long Completion)? SpendLogTokens(JsonObject? breakdown, long recordPrompt, long recordCompletion)
    {
        if (breakdown is null
            || WholeNumber(breakdown, PromptTokensKey) is not { } p
            || WholeNumber(breakdown, CompletionTokensKey) is not { } c
            || p < 0 || c < 0)
        {
            return null;
        }

        if (p == 0 && c == 0 && (recordPrompt != 0 || recordCompletion != 0))
        {
            return null;
        }

        return (p, c);
    }

    /// <summary>A top-level JSON number with no fractional part that fits a <see cref="long"/> (1200 or 1200.0), else null.</summary>
    private static long? WholeNumber(JsonObject breakdown, string key)
    {
        if (!TryGetNode(breakdown, key, out var node) || node is not JsonValue value)
        {
            return null;
        }

        // The merger writes longs; reading them directly saves writing each value out as JSON.
        if (value.TryGetValue(out long number))
        {
            return number;
        }

        if (value.TryGetValue(out int small))
        {
            return small;
        }

        if (ToElement(value) is not { ValueKind: JsonValueKind.Number } element)
        {
            return null;
        }

        if (element.TryGetInt64(out number))
        {
            return number;
        }

        return element.TryGetDecimal(out var exact) && exact == decimal.Truncate(exact) && exact >= long.MinValue && exact <= long.MaxValue
            ? (long)exact
            : null;
    }

    /// <summary>
    /// The sum of the estimated parts under <paramref name="key1"/> and <paramref name="key2"/> (missing, null or blank is 0; a number or numeric
    /// string is exact), read as <see cref="CostBreakdownMerger"/> reads them.
    /// </summary>
    /// <exception cref="CostBreakdownException">A part is not a non-negative number or numeric string.</exception>
    public static decimal EstimatedParts(JsonObject? breakdown, string key1, string key2)
    {
        if (breakdown is null)
        {
            return 0m;
        }

        var first = Part(breakdown, key1);
        return string.Equals(key1, key2, StringComparison.Ordinal) ? first : first + Part(breakdown, key2);
    }

    private static decimal Part(JsonObject breakdown, string key)
    {
        if (!TryGetNode(breakdown, key, out var node) || node is null)
        {
            return 0m;
        }

        var element = ToElement(node)
            ?? throw new CostBreakdownException($"The breakdown's '{key}' cannot be read as JSON, so it is not a cost.");
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

    /// <summary>Finds a top-level value; an object parsed from text with a duplicate key throws when first read, so it
    /// is read through its JSON form, where the last value wins (as <see cref="CostBreakdownMerger"/> reads it).</summary>
    private static bool TryGetNode(JsonObject breakdown, string key, out JsonNode? node)
    {
        try
        {
            return breakdown.TryGetPropertyValue(key, out node);
        }
        catch (ArgumentException)
        {
            node = null;
            if (ToElement(breakdown) is not { ValueKind: JsonValueKind.Object } root)
            {
                return false;
            }

            JsonElement? last = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals(key))
                {
                    last = property.Value;
                }
            }

            node = last is { } value ? JsonValue.Create(value) : null;
            return last is not null;
        }
    }

    /// <summary>The value's JSON form, or null when it has none (a non-finite double, a lone surrogate, an unwritable type).</summary>
    private static JsonElement? ToElement(JsonNode node)
    {
        if (node is JsonValue value && value.TryGetValue(out JsonElement element))
        {
            return element;
        }

        try
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = MaxDepth }))
            {
                node.WriteTo(writer);
            }

            var reader = new Utf8JsonReader(buffer.WrittenSpan, new JsonReaderOptions { MaxDepth = MaxDepth });
            return JsonElement.ParseValue(ref reader);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or JsonException or NotSupportedException
            or FormatException or InvalidCastException or OverflowException)
        {
            return null;
        }
    }
}
