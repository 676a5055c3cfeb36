using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing.Rules;

/// <summary>
/// Prices one record with a compiled price, rule for rule as LiteLLM's cost code: the character and per-second audio
/// rules (<c>select_cost_metric_for_model</c>, OpenAI's <c>cost_per_second</c>), <c>batch_cost_calculator</c>, and
/// <c>generic_cost_per_token</c> with <c>_get_token_base_cost</c> and <c>_resolve_billed_reasoning_rate</c>, with xAI's
/// reasoning rule and Anthropic's speed and geo multipliers (<see cref="ProviderRules"/>).
/// </summary>
internal static class CostCalculator
{
    /// <summary>Prices the record; false when the entry has no rate for what the record carries.</summary>
    public static bool TryPrice(CompiledPrice price, UsageRecord record, PricingRequest request, ref CostParts parts)
    {
        var audio = price.Audio;
        if (audio.PerCharacter != 0m && record.CharacterCount is { } characters)
        {
            parts.Audio = NonNegative(characters, ref parts) * audio.PerCharacter;
            return true;
        }

        if (audio.PerSecondApplies && record.AudioDurationSeconds is { } seconds)
        {
            PricePerSecond(audio, seconds, ref parts);
            return true;
        }

        if (!price.HasTokenRates)
        {
            return false;
        }

        if (request.Tier == ServiceTierKind.Batch)
        {
            PriceBatch(price.Batch, record, ref parts);
        }
        else
        {
            PriceTokens(price, record, request, ref parts);
        }

        // The token rules bill no seconds: a row that is only audio seconds gets nothing from a model priced per token.
        if (audio.HasPositivePerSecond && record.AudioDurationSeconds > 0m && record.PromptTokens <= 0 && record.CompletionTokens <= 0)
        {
            parts.Warnings |= PriceWarnings.AudioUnpriced;
        }

        return true;
    }

    private static void PricePerSecond(AudioRates audio, decimal seconds, ref CostParts parts)
    {
        if (seconds < 0m)
        {
            seconds = 0m;
            parts.Warnings |= PriceWarnings.TokenCountsClamped;
        }

        // cost_per_second: output_cost_per_second when the field is there (even at 0), else input_cost_per_second; never both.
        if (audio.OutputPerSecond.Present)
        {
            parts.Audio = seconds * audio.OutputPerSecond.Value;
            if (audio.OutputPerSecond.Value == 0m && audio.InputPerSecond.Value > 0m && seconds > 0m)
            {
                parts.Warnings |= PriceWarnings.AudioUnpriced;
            }
        }
        else
        {
            parts.Audio = seconds * audio.InputPerSecond.Value;
        }
    }

    private static void PriceBatch(BatchRates rates, UsageRecord record, ref CostParts parts)
    {
        var prompt = NonNegative(record.PromptTokens, ref parts);
        var cacheHit = NonNegative(record.CachedPromptTokens, ref parts);
        var completion = NonNegative(record.CompletionTokens, ref parts);
        if (rates.InputBatches != 0m)
        {
            // Every prompt token, cached ones included, at the batch rate.
            parts.Input = prompt * rates.InputBatches;
        }
        else if (rates.Input != 0m)
        {
            var billable = prompt - cacheHit;
            if (billable < 0)
            {
                billable = 0;
                parts.Warnings |= PriceWarnings.TokenCountsClamped;
            }

            parts.Input = billable * rates.Input / 2m;
            parts.CacheRead = cacheHit * rates.CacheRead.Value / 2m;
            if (cacheHit > 0 && !rates.CacheRead.Present)
            {
                parts.Warnings |= PriceWarnings.CacheReadUnpriced;
            }
        }

        if (rates.OutputBatches != 0m)
        {
            parts.Output = completion * rates.OutputBatches;
        }
        else if (rates.Output != 0m)
        {
            parts.Output = completion * rates.Output / 2m;
        }
    }

    private static void PriceTokens(CompiledPrice price, UsageRecord record, PricingRequest request, ref CostParts parts)
    {
        var prompt = NonNegative(record.PromptTokens, ref parts);
        var cacheHit = NonNegative(record.CachedPromptTokens, ref parts);
        var cacheWrite = NonNegative(record.CacheWriteTokens, ref parts);
        var plan = price.Plan(request.Tier);
        TokenRates rates;
        decimal reasoningRate;
        if (price.SelectTier(prompt) is { } pricedTier)
        {
            rates = pricedTier.Rates;
            reasoningRate = pricedTier.Reasoning ?? plan.FixedReasoning ?? rates.Output.Value;
        }
        else
        {
            rates = plan.Select(prompt, inclusive: request.Xai);
            reasoningRate = plan.FixedReasoning ?? rates.Output.Value;
        }

        var text = prompt - cacheHit - cacheWrite;
        if (text < 0)
        {
            text = 0;
            parts.Warnings |= PriceWarnings.TokenCountsClamped;
        }

        parts.Input = text * rates.Input.Value;
        parts.CacheRead = cacheHit * rates.CacheRead.Value;
        if (cacheHit > 0 && !rates.CacheRead.Present)
        {
            parts.Warnings |= PriceWarnings.CacheReadUnpriced;
        }

        PriceCacheWrites(record, cacheWrite, rates, ref parts);
        if (request.Xai)
        {
            // xAI's cost_per_token: completion (which excludes reasoning) + reasoning, all at the output rate.
            parts.Output = NonNegative(record.CompletionTokens, ref parts) * rates.Output.Value;
            parts.Reasoning = NonNegative(record.ReasoningTokens, ref parts) * rates.Output.Value;
        }
        else
        {
            PriceCompletion(record, rates.Output.Value, reasoningRate, ref parts);
        }

        if (request.Multiplier is { } multiplier)
        {
            // Anthropic's cost_per_token: (prompt − cache cost) × multiplier + cache cost; completion × multiplier.
            parts.Input *= multiplier;
            parts.Output *= multiplier;
            parts.Reasoning *= multiplier;
        }
    }

    // calculate_cache_writing_cost: with a reported lifetime split only the split is billed.
    private static void PriceCacheWrites(UsageRecord record, long cacheWrite, TokenRates rates, ref CostParts parts)
    {
        if (record.CacheWriteFiveMinuteTokens is null && record.CacheWriteOneHourTokens is null)
        {
            parts.CacheWrite = cacheWrite * rates.CacheWrite.Value;
            if (cacheWrite > 0 && !rates.CacheWrite.Present)
            {
                parts.Warnings |= PriceWarnings.CacheWriteUnpriced;
            }

            return;
        }

        var fiveMinute = NonNegative(record.CacheWriteFiveMinuteTokens ?? 0, ref parts);
        var oneHour = NonNegative(record.CacheWriteOneHourTokens ?? 0, ref parts);
        parts.CacheWrite = (fiveMinute * rates.CacheWrite.Value) + (oneHour * rates.CacheWriteOneHour.Value);
        if (cacheWrite > fiveMinute + oneHour)
        {
            parts.Warnings |= PriceWarnings.CacheWriteSplitIncomplete;
        }

        if (fiveMinute > 0 && !rates.CacheWrite.Present)
        {
            parts.Warnings |= PriceWarnings.CacheWriteUnpriced;
        }

        if (oneHour > 0 && !rates.CacheWriteOneHour.Present)
        {
            parts.Warnings |= PriceWarnings.OneHourCacheWriteUnpriced;
        }
    }

    private static void PriceCompletion(UsageRecord record, decimal output, decimal reasoningRate, ref CostParts parts)
    {
        var completion = NonNegative(record.CompletionTokens, ref parts);
        var reasoning = NonNegative(record.ReasoningTokens, ref parts);
        if (reasoning <= 0)
        {
            parts.Output = completion * output;
            return;
        }

        // max(0, completion − reasoning) at the output rate, and every reasoning token at the reasoning rate.
        var text = completion - reasoning;
        if (text < 0)
        {
            text = 0;
            parts.Warnings |= PriceWarnings.TokenCountsClamped;
        }

        parts.Output = text * output;
        parts.Reasoning = reasoning * reasoningRate;
    }

    private static long NonNegative(long value, ref CostParts parts)
    {
        if (value >= 0)
        {
            return value;
        }

        parts.Warnings |= PriceWarnings.TokenCountsClamped;
        return 0;
    }
}
