using System.Text.Json.Nodes;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;

namespace UsageAnalytics.Costs;

/// <content>Response-cache hits: settling the LLM part at 0 instead of copying another call's spend.</content>
public sealed partial class CostBreakdownMerger
{
    /// <summary>
    /// Settles a response-cache hit whose own spend-log row is not at hand: its LLM part is 0, what LiteLLM charges for a
    /// hit (it logs the hit with spend 0, LITELLM.md), and the stored estimated STT and TTS parts stay as they are.
    /// </summary>
    /// <param name="record">The usage record of the hit (not mutated); its <see cref="UsageRecord.CacheHit"/> must be <see langword="true"/>.</param>
    /// <returns>
    /// <see cref="CostMergeStatus.CacheHitSettled"/> with <see cref="CostMergeResult.ActualLlmCost"/> 0, the actual cost
    /// (estimated STT + estimated TTS) and a breakdown whose <c>cost_coverage</c> is
    /// <see cref="CostMergeOptions.CacheHitCoverageLabel"/> and whose <c>actual_llm_cost</c> is 0 (provider, model and
    /// tokens from the record); or <see cref="CostMergeStatus.CurrencyMismatch"/>, input untouched, for a record kept in
    /// another currency than <see cref="CostMergeOptions.Currency"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="record"/> is not a response-cache hit (<see cref="UsageRecord.CacheHit"/> is not <see langword="true"/>).</exception>
    /// <exception cref="CostBreakdownException">An estimated part of the breakdown is malformed, or the breakdown cannot be
    /// written as JSON (see <see cref="Merge(JsonObject?, SpendLogEntry?)"/>).</exception>
    public CostMergeResult SettleCacheHit(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.CacheHit != true)
        {
            throw new ArgumentException("Only a response-cache hit (CacheHit = true) is settled without its spend-log row.", nameof(record));
        }

        var requestId = record.HasRequestId ? record.RequestId : ExtractRequestId(record.CostBreakdown);
        if (!string.Equals(record.Currency, Options.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return Unmerged(CostMergeStatus.CurrencyMismatch, requestId, record.CostBreakdown, record);
        }

        var merged = Snapshot(record.CostBreakdown);
        return Settle(merged, requestId, callId: null, record, spendLog: null);
    }

    /// <summary>
    /// Settles a response-cache hit at LLM cost 0 in our own copy of the breakdown: the row given (if any) may be the
    /// hit's original call, or a hit row for a record that says it was no hit, so neither its spend nor its ids are
    /// taken (the record keeps its own <c>request_id</c> and <c>litellm_call_id</c>, the latter written only when the
    /// record was found by that very call id); only a missing provider or model is filled from it.
    /// </summary>
    private CostMergeResult Settle(JsonObject merged, string? requestId, string? callId, UsageRecord record, SpendLogEntry? spendLog)
    {
        var stt = ReadEstimate(merged, Options.EstimatedSttCostKey);
        var tts = ReadEstimate(merged, Options.EstimatedTtsCostKey);
        var actual = Sum(stt, tts, 0m);
        var provider = record.Provider ?? spendLog?.Provider;
        var model = record.Model ?? spendLog?.Model;

        merged[ActualLlmCostKey] = JsonValue.Create(0m);
        if (requestId is not null)
        {
            merged[RequestIdKey] = JsonValue.Create(requestId);
        }

        merged[ProviderKey] = provider is null ? null : JsonValue.Create(provider);
        merged[ModelKey] = model is null ? null : JsonValue.Create(model);
        merged[PromptTokensKey] = JsonValue.Create(record.PromptTokens);
        merged[CompletionTokensKey] = JsonValue.Create(record.CompletionTokens);
        merged[CostCoverageKey] = JsonValue.Create(Options.CacheHitCoverageLabel);
        if (callId is not null)
        {
            merged[CallIdKey] = JsonValue.Create(callId);
        }

        return new CostMergeResult
        {
            Status = CostMergeStatus.CacheHitSettled,
            RequestId = requestId,
            Breakdown = merged,
            Record = record with { ActualCost = actual, CostBreakdown = merged },
            ActualCost = actual,
            ActualLlmCost = 0m,
            EstimatedSttCost = stt,
            EstimatedTtsCost = tts,
            Currency = Options.Currency,
            CompositeSource = Options.CompositeSource,
        };
    }
}
