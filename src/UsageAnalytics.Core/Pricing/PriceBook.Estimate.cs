using UsageAnalytics.Pricing.Catalog;
using UsageAnalytics.Pricing.Rules;
using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>Pricing records.</summary>
public sealed partial class PriceBook
{
    private static readonly PriceEstimate NoModelEstimate = new() { Status = PriceStatus.NoModel };
    private static readonly PriceEstimate UnknownModelEstimate = new() { Status = PriceStatus.UnknownModel };

    /// <summary>Prices one usage record with LiteLLM's cost rules.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The estimate; never null. An unknown model gives <see cref="PriceStatus.UnknownModel"/>, never a silent zero.</returns>
    /// <remarks>
    /// <para><b>Lookup</b> (names ignore case; cached per provider and model): a deployment name
    /// (<see cref="WithDeployments(IReadOnlyDictionary{string, string})"/>) → <c>{provider}/{model}</c> → the model as written
    /// → the model without its provider prefix (when the prefix is a provider of the book or the record's provider) → a dated
    /// release (<c>-YYYYMMDD</c>, <c>-YYYY-MM-DD</c>, <c>@YYYYMMDD</c>) not in the book priced as its undated alias, or an
    /// undated name or <c>-latest</c> alias not in the book priced as its newest dated release (each with the provider prefix,
    /// then without). Of the model's prices, the one in force at <see cref="UsageRecord.Timestamp"/> applies.</para>
    /// <para><b>Which rule</b>: an entry with a non-zero <c>input_cost_per_character</c> prices a record that has
    /// <see cref="UsageRecord.CharacterCount"/> per character (the whole cost, in <see cref="PriceEstimate.AudioCost"/>); an
    /// entry with a per-second field and no positive per-token rate prices a record that has
    /// <see cref="UsageRecord.AudioDurationSeconds"/> per second, once: <c>output_cost_per_second</c> when the field is there
    /// (even at 0, with <see cref="PriceWarnings.AudioUnpriced"/> when <c>input_cost_per_second</c> is positive), else
    /// <c>input_cost_per_second</c>. A <c>batch</c> service tier uses LiteLLM's batch rule: every prompt token at
    /// <c>input_cost_per_token_batches</c>, else uncached prompt tokens at half <c>input_cost_per_token</c> and cached ones at
    /// half <c>cache_read_input_token_cost</c>; completion tokens at <c>output_cost_per_token_batches</c>, else half
    /// <c>output_cost_per_token</c>. Otherwise the token rule below. An entry with none of these rates for what the record
    /// carries gives <see cref="PriceStatus.NoApplicableRate"/>; an entry whose rates are 0 prices at 0.</para>
    /// <para><b>Token rule</b>: <see cref="UsageRecord.PromptTokens"/> includes cache reads and writes and
    /// <see cref="UsageRecord.CompletionTokens"/> includes reasoning, so nothing is billed twice. Rates: a
    /// <c>tiered_pricing</c> table picks one tier for the whole request (start &lt; prompt tokens ≤ end, else the last
    /// tier), whose cache rates fall back to its input rate; otherwise the service tier's keys (<c>_flex</c>, <c>_priority</c>,
    /// <c>_ultrafast</c>; a missing one falls back to the base key), and the largest <c>_above_N_tokens</c> threshold the
    /// prompt exceeds (<c>&gt;</c> N; <c>&gt;=</c> N for xAI) switches every rate, output and cache rates included. Input:
    /// (prompt − cache reads − cache writes) × input; cache reads × <c>cache_read_input_token_cost</c>; cache writes ×
    /// <c>cache_creation_input_token_cost</c>, or, when the record reports the five-minute / one-hour split, five-minute
    /// tokens × that rate + one-hour tokens × <c>cache_creation_input_token_cost_above_1hr</c> (tokens beyond the split are
    /// billed nothing: <see cref="PriceWarnings.CacheWriteSplitIncomplete"/>). Output: max(0, completion − reasoning) ×
    /// output, and every reasoning token at the tier's reasoning rate, else <c>output_cost_per_reasoning_token</c> (its
    /// service-tier key first), else the output rate in force (reasoning above completion is billed in full, as LiteLLM
    /// does, with <see cref="PriceWarnings.TokenCountsClamped"/>).</para>
    /// <para><b>Provider rules</b>. xAI (the record's provider or the entry's <c>litellm_provider</c> is <c>xai</c>;
    /// LiteLLM's <c>llms/xai/cost_calculator.py</c>): xAI's completion tokens exclude reasoning, so completion and reasoning
    /// tokens are both billed at the output rate (in <see cref="PriceEstimate.OutputCost"/> and
    /// <see cref="PriceEstimate.ReasoningCost"/>), no reasoning rate applies, and the service tier is ignored (LiteLLM
    /// passes none) except <c>batch</c>. Anthropic (the entry's provider is <c>anthropic</c>, or the entry states none and
    /// the record's provider is <c>anthropic</c>; <c>llms/anthropic/cost_calculation.py</c>): outside batch, the multiplier
    /// <c>provider_specific_entry[geo]</c> (<see cref="InferenceGeoDimension"/>, unless <c>global</c> or
    /// <c>not_available</c>) × <c>provider_specific_entry.fast</c> (at fast speed, <see cref="SpeedDimension"/>) scales the
    /// uncached input, output and reasoning parts; cache reads and writes are not scaled. (LiteLLM versions from 2026-08,
    /// PR 38378, scale the cache parts too; this follows the rule the 2026-07 catalog was priced with.)</para>
    /// <para><b>Money</b>: decimal USD. The parts are list prices; <see cref="PriceEstimate.Cost"/> is their sum times the
    /// product of the covering <see cref="Adjustments"/>. LiteLLM computes in binary floating point, so its <c>spend</c> can
    /// differ in the 17th significant digit (0.00022500000000000002 for 0.000225).</para>
    /// <para><b>Warnings</b> (<see cref="PriceWarnings"/>) name the quantities LiteLLM's rule bills nothing for although the
    /// provider charges them: cache reads or writes without a rate, one-hour writes without a one-hour rate, tokens beyond the
    /// reported cache-write split, audio seconds the rule does not bill, negative or inconsistent token counts (clamped), an
    /// unknown service tier, and an entry LiteLLM would not use for the record's provider
    /// (<see cref="PriceWarnings.ProviderMismatch"/>: the estimate is kept, but LiteLLM's spend may differ).</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ArgumentException">The record's quantities are so large that the cost exceeds the range of
    /// <see cref="decimal"/>.</exception>
    public PriceEstimate Estimate(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var model = record.Model;
        if (string.IsNullOrWhiteSpace(model))
        {
            return NoModelEstimate;
        }

        var resolution = _index.Resolve(record.Provider, model);
        if (resolution.Slot is not { } slot)
        {
            return UnknownModelEstimate;
        }

        if (slot.At(record.Timestamp) is not { } price)
        {
            return new PriceEstimate { Status = PriceStatus.NoApplicableRate, ModelId = slot.Id, Match = resolution.Match };
        }

        var entry = price.Source.Provider is null && slot.Undated is { } undated ? undated : price;
        var entryProvider = entry.Source.Provider;
        var request = ProviderRules.Read(price.Source, entry.Provider, resolution.RecordProvider, record.Dimensions, out var unknownTier);
        var providerMatches = ReferenceEquals(entry, slot.Undated)
            ? resolution.UndatedProviderMatches
            : ProviderRules.Matches(entryProvider, record.Provider);
        var parts = default(CostParts);
        decimal listCost;
        decimal multiplier;
        try
        {
            if (!CostCalculator.TryPrice(price, record, request, ref parts))
            {
                return new PriceEstimate { Status = PriceStatus.NoApplicableRate, ModelId = slot.Id, Match = resolution.Match };
            }

            listCost = parts.Total;
            multiplier = Multiplier(resolution.Adjustments, entryProvider, record);
            var cost = multiplier == 1m ? listCost : listCost * multiplier;
            return new PriceEstimate
            {
                Status = PriceStatus.Priced,
                ModelId = slot.Id,
                Match = resolution.Match,
                Cost = cost,
                ListCost = listCost,
                Multiplier = multiplier,
                InputCost = parts.Input,
                CacheReadCost = parts.CacheRead,
                CacheWriteCost = parts.CacheWrite,
                OutputCost = parts.Output,
                ReasoningCost = parts.Reasoning,
                AudioCost = parts.Audio,
                Warnings = parts.Warnings
                    | (unknownTier ? PriceWarnings.UnknownServiceTier : PriceWarnings.None)
                    | (providerMatches ? PriceWarnings.None : PriceWarnings.ProviderMismatch),
            };
        }
        catch (OverflowException ex)
        {
            throw new ArgumentException(
                $"The record '{record.RequestId}' carries quantities too large to price: its cost exceeds the range of decimal.", nameof(record), ex);
        }
    }

    private static decimal Multiplier(PriceAdjustment[] adjustments, string? entryProvider, UsageRecord record)
    {
        var multiplier = 1m;
        foreach (var adjustment in adjustments)
        {
            if (adjustment.Provider is { } provider
                && !string.Equals(provider, record.Provider?.Trim(), StringComparison.OrdinalIgnoreCase)
                && !string.Equals(provider, entryProvider, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (record.Timestamp < adjustment.EffectiveFrom || record.Timestamp >= adjustment.EffectiveUntil)
            {
                continue;
            }

            multiplier *= adjustment.Multiplier;
        }

        return multiplier;
    }
}
