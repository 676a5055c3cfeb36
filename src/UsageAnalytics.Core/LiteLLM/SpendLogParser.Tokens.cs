using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UsageAnalytics.LiteLLM;

/// <content>Reading and normalising a row's token counts: the one rule documented on <see cref="SpendLogTokenRepairs"/>.</content>
internal static partial class SpendLogParser
{
    /// <summary>A row's six token counts after <see cref="NormaliseTokens"/>, and the repairs they needed.</summary>
    internal readonly record struct TokenCounts(
        long Prompt,
        long Completion,
        long Total,
        long CachedPrompt,
        long CacheWrite,
        long Reasoning,
        SpendLogTokenRepairs Repairs);

    /// <summary>Reads the row's token counts (step 1 of the rule) and normalises them (steps 2 to 4).</summary>
    private static TokenCounts ReadTokens(Dictionary<string, JsonElement> row, JsonObject? usage, JsonObject? additional)
    {
        var invalid = false;
        var prompt = RowCount(row, "prompt_tokens", ref invalid);
        var completion = RowCount(row, "completion_tokens", ref invalid);
        var total = RowCount(row, "total_tokens", ref invalid);
        var cached = FirstPositive(
            NodeCount(usage, "prompt_tokens_details", "cached_tokens", ref invalid),
            NodeCount(usage, "cache_read_input_tokens", ref invalid),
            NodeCount(additional, "prompt_tokens_details", "cached_tokens", ref invalid),
            NodeCount(additional, "cache_read_input_tokens", ref invalid));
        var cacheWrite = FirstPositive(
            NodeCount(usage, "cache_creation_input_tokens", ref invalid),
            NodeCount(additional, "cache_creation_input_tokens", ref invalid),
            NodeCount(usage, "prompt_tokens_details", "cache_creation_tokens", ref invalid),
            NodeCount(additional, "prompt_tokens_details", "cache_creation_tokens", ref invalid));
        var reasoning = FirstPositive(
            NodeCount(usage, "completion_tokens_details", "reasoning_tokens", ref invalid),
            NodeCount(additional, "completion_tokens_details", "reasoning_tokens", ref invalid));
        return NormaliseTokens(
            prompt, completion, total, cached, cacheWrite, reasoning, invalid ? SpendLogTokenRepairs.InvalidCount : SpendLogTokenRepairs.None);
    }

    /// <summary>
    /// Steps 2 to 4 of the rule on <see cref="SpendLogTokenRepairs"/>: counts each from 0 to <see cref="MaxTokens"/> in,
    /// counts that satisfy the record's invariants out, with <paramref name="repairs"/> plus the flags of the steps that
    /// changed something.
    /// </summary>
    internal static TokenCounts NormaliseTokens(
        long prompt, long completion, long total, long cached, long cacheWrite, long reasoning, SpendLogTokenRepairs repairs)
    {
        // Each input is at most 10^12, so every sum below stays under 6 * 10^12; checked turns a future mistake in that
        // bound into a fuzz-test failure instead of a silently wrapped count.
        checked
        {
            var sentSum = prompt + completion;
            var promptMissing = prompt == 0;

            if (cached > prompt)
            {
                // Every convention that reports cache reads beside the prompt (Anthropic's input_tokens) does the same
                // with cache writes.
                prompt += cached + cacheWrite;
                repairs |= SpendLogTokenRepairs.CacheOutsidePrompt;
            }
            else if (cached + cacheWrite > prompt)
            {
                prompt += cacheWrite;
                repairs |= SpendLogTokenRepairs.CacheOutsidePrompt;
            }

            var reasoningAdded = false;
            if (reasoning > completion)
            {
                completion += reasoning;
                reasoningAdded = true;
                repairs |= SpendLogTokenRepairs.ReasoningOutsideCompletion;
            }

            var sum = prompt + completion;
            if (total > sum)
            {
                var extra = total - sum;
                if (promptMissing)
                {
                    // No prompt count as sent: the total is all the row says about its input (cache counts the
                    // previous step added are part of it, so only the rest is added).
                    prompt += extra;
                    repairs |= SpendLogTokenRepairs.TotalWithoutPrompt;
                }
                else if (extra == reasoning && !reasoningAdded)
                {
                    completion += reasoning;
                    repairs |= SpendLogTokenRepairs.ReasoningOutsideCompletion;
                }
                else
                {
                    completion += extra;
                    reasoning += extra;
                    repairs |= SpendLogTokenRepairs.TotalAboveSum;
                }
            }
            else if (total != 0 && total < sum && total != sentSum)
            {
                repairs |= SpendLogTokenRepairs.TotalBelowSum;
            }

            return new TokenCounts(prompt, completion, prompt + completion, cached, cacheWrite, reasoning, repairs);
        }
    }

    private static long RowCount(Dictionary<string, JsonElement> row, string name, ref bool invalid) =>
        row.TryGetValue(name, out var value) ? TokenCount(value, ref invalid) : 0;

    private static long NodeCount(JsonObject? node, string parent, string name, ref bool invalid) =>
        NodeCount(node?[parent] as JsonObject, name, ref invalid);

    /// <summary>
    /// Reads a count from the parsed metadata, where numbers are kept as <see cref="JsonElement"/> values and strings as
    /// <see cref="string"/> values (see <c>ToNode</c>); null, absent or a string that was not valid UTF-16 is unknown.
    /// </summary>
    private static long NodeCount(JsonObject? node, string name, ref bool invalid)
    {
        if (node is null || !node.TryGetPropertyValue(name, out var child) || child is null)
        {
            return 0;
        }

        if (child is JsonValue value)
        {
            if (value.TryGetValue<JsonElement>(out var element))
            {
                return TokenCount(element, ref invalid);
            }

            if (value.TryGetValue<string>(out var text))
            {
                return TokenCount(text, ref invalid);
            }
        }

        invalid = true;
        return 0;
    }

    /// <summary>
    /// Reads a token count: a whole number (or a number in a string) from 0 to <see cref="MaxTokens"/>, a fraction
    /// truncated toward zero. Null is unknown (0). Anything else (negative, beyond range, not finite, not a number) is
    /// read as 0, LiteLLM's own "unknown", and sets <paramref name="invalid"/>.
    /// </summary>
    private static long TokenCount(JsonElement value, ref bool invalid)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return 0;
            case JsonValueKind.Number when value.TryGetInt64(out var whole):
                return TokenCount(whole, ref invalid);
            case JsonValueKind.Number when value.TryGetDouble(out var real):
                return TokenCount(real, ref invalid);
            case JsonValueKind.String when TryGetString(value) is { } text:
                return TokenCount(text, ref invalid);
            default:
                invalid = true;
                return 0;
        }
    }

    private static long TokenCount(string text, ref bool invalid)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return TokenCount(real, ref invalid);
        }

        invalid = true;
        return 0;
    }

    private static long TokenCount(long whole, ref bool invalid)
    {
        if (whole is >= 0 and <= MaxTokens)
        {
            return whole;
        }

        invalid = true;
        return 0;
    }

    private static long TokenCount(double real, ref bool invalid)
    {
        if (double.IsFinite(real) && real >= 0 && real <= MaxTokens)
        {
            return (long)real;
        }

        invalid = true;
        return 0;
    }

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
