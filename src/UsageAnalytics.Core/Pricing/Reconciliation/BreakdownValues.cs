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

    private static decimal Part(JsonObject breakdown, string key) =>
        BreakdownJson.ReadEstimate(TryGetNode(breakdown, key, out var node) ? node : null, key);

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
    private static JsonElement? ToElement(JsonNode node) =>
        node is JsonValue value && value.TryGetValue(out JsonElement element) ? element
        : BreakdownJson.TryRoundTrip(node, out element, out _) ? element
        : null;
}
