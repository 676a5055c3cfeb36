using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;

namespace UsageAnalytics.Costs;

/// <summary>
/// Merges a LiteLLM spend log into an application's stored cost breakdown: the actual cost becomes
/// <c>estimated_stt_cost + estimated_tts_cost + actual_llm_cost</c>, where the LLM part is the spend log's
/// <c>spend</c>. Pure: no I/O, no clock, inputs are never mutated.
/// </summary>
/// <remarks>
/// <para>
/// A merged breakdown is a deep copy of the stored one that keeps every existing field (nested ones included) and
/// gains seven keys, overwriting them if present: <c>actual_llm_cost</c>, <c>request_id</c>,
/// <c>provider</c> (the row's <c>custom_llm_provider</c>), <c>model</c>, <c>prompt_tokens</c>,
/// <c>completion_tokens</c> and <c>cost_coverage</c> (the configured <see cref="CostMergeOptions.CoverageLabel"/>),
/// plus <c>litellm_call_id</c> when the row carries one. The actual cost, currency and composite source travel in the
/// <see cref="CostMergeResult"/> for the host to store.
/// </para>
/// <para>
/// A row is the record's when its <c>request_id</c> or its <c>litellm_call_id</c> equals the id the record or breakdown
/// holds (<see cref="SpendLogEntry.IsFor"/>): apps that keep the <c>x-litellm-call-id</c> header find the row keyed by the
/// provider's id (LiteLLM PR 39068).
/// </para>
/// <para>
/// Response-cache hits (LITELLM.md): LiteLLM logs a hit as its own row (<c>cache_hit</c> "True", spend 0, request id
/// suffixed <c>_cache_hit&lt;unix time&gt;</c>), yet an app's record of the hit may carry the original call's id, whose
/// row holds the original spend. So when merging a <see cref="UsageRecord"/> whose <see cref="UsageRecord.CacheHit"/>
/// disagrees with the row's <see cref="SpendLogEntry.CacheHit"/> (the record is a hit and the row is not, or the row is
/// a hit and the record says it is not), the row's spend is never copied: the LLM part is settled at 0, what LiteLLM
/// charges for a hit, the status is <see cref="CostMergeStatus.CacheHitSettled"/> and <c>cost_coverage</c> is
/// <see cref="CostMergeOptions.CacheHitCoverageLabel"/>. A hit record merged with the hit's own row, or a record whose
/// flag is unknown, merges as usual. <see cref="SettleCacheHit"/> settles a hit whose row cannot be found.
/// </para>
/// <para>
/// Merging is idempotent: merging the merged breakdown with the same spend log gives the same result. A spend log
/// for another request id is refused (<see cref="CostMergeStatus.RequestIdMismatch"/>); a missing one leaves the
/// input untouched (<see cref="CostMergeStatus.NoSpendLog"/>). Instances are immutable and thread-safe.
/// </para>
/// </remarks>
public sealed partial class CostBreakdownMerger
{
    private const string ActualLlmCostKey = "actual_llm_cost";
    private const string RequestIdKey = "request_id";
    private const string ProviderKey = "provider";
    private const string ModelKey = "model";
    private const string PromptTokensKey = "prompt_tokens";
    private const string CompletionTokensKey = "completion_tokens";
    private const string CostCoverageKey = "cost_coverage";
    private const string CallIdKey = "litellm_call_id";

    private const int MaxDepth = BreakdownJson.MaxDepth;

    private readonly string[][] _requestIdPaths;

    /// <summary>Initializes a merger with the default <see cref="CostMergeOptions"/>.</summary>
    public CostBreakdownMerger()
        : this(new CostMergeOptions())
    {
    }

    /// <summary>Initializes a merger with the given options.</summary>
    /// <param name="options">The labels and key names to use.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A label or key name is blank, or a request-id path is blank or has an empty segment.</exception>
    public CostBreakdownMerger(CostMergeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Currency, "options.Currency");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.CompositeSource, "options.CompositeSource");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.CoverageLabel, "options.CoverageLabel");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.EstimatedSttCostKey, "options.EstimatedSttCostKey");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.EstimatedTtsCostKey, "options.EstimatedTtsCostKey");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.CacheHitCoverageLabel, "options.CacheHitCoverageLabel");
        ArgumentNullException.ThrowIfNull(options.RequestIdPaths, "options.RequestIdPaths");
        ArgumentNullException.ThrowIfNull(options.CallIdPaths, "options.CallIdPaths");

        // Request-id paths first, then call-id paths: one ordered list of places an id may be kept.
        _requestIdPaths = [.. ParsePaths(options.RequestIdPaths, "Request-id", nameof(options)), .. ParsePaths(options.CallIdPaths, "Call-id", nameof(options))];
        Options = options;
    }

    /// <summary>Gets the options the merger was built with.</summary>
    public CostMergeOptions Options { get; }

    /// <summary>Creates a merger from options (the factory used by dependency injection).</summary>
    /// <param name="options">The labels and key names to use.</param>
    /// <returns>A new merger.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid; see <see cref="CostBreakdownMerger(CostMergeOptions)"/>.</exception>
    public static CostBreakdownMerger FromOptions(CostMergeOptions options) => new(options);

    /// <summary>Finds the id of the call in a stored breakdown: its LiteLLM request id, else its LiteLLM call id.</summary>
    /// <param name="breakdown">The stored breakdown (not mutated); may be <see langword="null"/>.</param>
    /// <returns>
    /// The first non-blank string (or number, as its JSON text) found at <see cref="CostMergeOptions.RequestIdPaths"/>,
    /// then at <see cref="CostMergeOptions.CallIdPaths"/>, tried in order; <see langword="null"/> when there is none.
    /// Either id finds the call's spend-log row (<see cref="SpendLogEntry.IsFor"/>).
    /// </returns>
    /// <remarks>
    /// Never throws. Values built in code are read as their JSON text (a <see cref="char"/>, <see cref="Guid"/> or
    /// <see cref="DateTime"/> as its JSON string). A value that cannot be read as JSON (a non-finite
    /// <see cref="double"/>, a string with a lone surrogate) counts as absent. When a key appears more than once in one
    /// object (a breakdown parsed from such text), the last value wins.
    /// </remarks>
    public string? ExtractRequestId(JsonObject? breakdown)
    {
        if (breakdown is null)
        {
            return null;
        }

        try
        {
            return FindRequestId(breakdown);
        }
        catch (ArgumentException)
        {
            // A JsonObject parsed from text with a duplicate key throws when first read; its written form reads last-value-wins.
            return TrySnapshot(breakdown, out var snapshot, out _) ? FindRequestId(snapshot) : null;
        }
    }

    /// <summary>Merges a spend log into a stored breakdown.</summary>
    /// <param name="breakdown">The stored breakdown (not mutated); <see langword="null"/> is merged as an empty breakdown.</param>
    /// <param name="spendLog">The LiteLLM spend-log row for the breakdown's request, or <see langword="null"/> when none was found.</param>
    /// <returns>
    /// The merge result. When the breakdown names an id (see <see cref="ExtractRequestId"/>) that is neither the spend
    /// log's request id nor its call id (ordinal), the status is <see cref="CostMergeStatus.RequestIdMismatch"/>.
    /// </returns>
    /// <remarks>
    /// The merged breakdown is a copy of the input read back from its JSON form: when a key appears more than once in
    /// one object, the last value wins; values built in code (a <see cref="char"/>, <see cref="Guid"/>,
    /// <see cref="DateTime"/>, <see cref="double"/>...) become their JSON text. A breakdown that cannot be written as
    /// JSON cannot be stored once merged, so it is refused.
    /// </remarks>
    /// <exception cref="CostBreakdownException">
    /// The spend log was not refused and: an estimated part of the breakdown is not a non-negative number or numeric
    /// string, or is out of the <see cref="decimal"/> range; the actual cost (the sum of the three parts) is out of the
    /// <see cref="decimal"/> range; or the breakdown cannot be written as JSON (a non-finite <see cref="double"/>, a
    /// string with a lone surrogate, nesting deeper than 256 levels, a value of a type that has no JSON form).
    /// </exception>
    /// <exception cref="SpendLogFormatException">The spend log was not refused and its <see cref="SpendLogEntry.Spend"/> is negative.</exception>
    public CostMergeResult Merge(JsonObject? breakdown, SpendLogEntry? spendLog) =>
        MergeCore(breakdown, spendLog, recordRequestId: null, record: null);

    /// <summary>Merges a spend log into a usage record's stored breakdown and actual cost.</summary>
    /// <param name="record">The usage record (not mutated).</param>
    /// <param name="spendLog">The LiteLLM spend-log row for the record's request, or <see langword="null"/> when none was found.</param>
    /// <returns>
    /// The merge result; on success <see cref="CostMergeResult.Record"/> is a copy of <paramref name="record"/> with
    /// <see cref="UsageRecord.ActualCost"/> and <see cref="UsageRecord.CostBreakdown"/> set. The id checked is
    /// <see cref="UsageRecord.RequestId"/>, else the one in the breakdown, against the row's request id and call id. A
    /// record kept in another currency than <see cref="CostMergeOptions.Currency"/> is refused with
    /// <see cref="CostMergeStatus.CurrencyMismatch"/>. A record whose response-cache flag disagrees with the row's is
    /// settled at LLM cost 0 (<see cref="CostMergeStatus.CacheHitSettled"/>, see the remarks on the class).
    /// </returns>
    /// <remarks>The breakdown is read and copied as by <see cref="Merge(JsonObject?, SpendLogEntry?)"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="CostBreakdownException">
    /// The spend log was not refused and: an estimated part of the breakdown is not a non-negative number or numeric
    /// string, or is out of the <see cref="decimal"/> range; the actual cost is out of the <see cref="decimal"/> range;
    /// or the breakdown cannot be written as JSON (see <see cref="Merge(JsonObject?, SpendLogEntry?)"/>).
    /// </exception>
    /// <exception cref="SpendLogFormatException">The spend log was not refused and its <see cref="SpendLogEntry.Spend"/> is negative.</exception>
    public CostMergeResult Merge(UsageRecord record, SpendLogEntry? spendLog)
    {
        ArgumentNullException.ThrowIfNull(record);
        var recordRequestId = record.HasRequestId ? record.RequestId : null;
        if (spendLog is not null && !string.Equals(record.Currency, Options.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return Unmerged(CostMergeStatus.CurrencyMismatch, recordRequestId ?? ExtractRequestId(record.CostBreakdown), record.CostBreakdown, record);
        }

        return MergeCore(record.CostBreakdown, spendLog, recordRequestId, record);
    }

    private CostMergeResult MergeCore(JsonObject? breakdown, SpendLogEntry? spendLog, string? recordRequestId, UsageRecord? record)
    {
        if (spendLog is null)
        {
            return Unmerged(CostMergeStatus.NoSpendLog, recordRequestId ?? ExtractRequestId(breakdown), breakdown, record);
        }

        // A record's own id refuses a mismatched spend log before the breakdown is read at all, so a refusal stays a
        // refusal (RequestIdMismatch) even when the breakdown could not be merged.
        if (recordRequestId is not null && !spendLog.IsFor(recordRequestId))
        {
            return Unmerged(CostMergeStatus.RequestIdMismatch, recordRequestId, breakdown, record);
        }

        // Everything is read from our own copy, so nothing the caller's nodes throw on read escapes and the input stays untouched.
        var merged = Snapshot(breakdown);
        var requestId = recordRequestId ?? FindRequestId(merged);
        if (requestId is not null && !spendLog.IsFor(requestId))
        {
            return Unmerged(CostMergeStatus.RequestIdMismatch, requestId, breakdown, record);
        }

        if (spendLog.Spend < 0)
        {
            throw new SpendLogFormatException(
                $"The spend log '{spendLog.RequestId}' has a negative spend: {spendLog.Spend.ToString(CultureInfo.InvariantCulture)}.");
        }

        // A hit's record must never be charged the original call's spend, nor a non-hit record a hit row's (LITELLM.md).
        if (record?.CacheHit is { } recordHit && recordHit != (spendLog.CacheHit == true))
        {
            // The row may be another call's (the original of a hit): the record keeps its own ids, never the row's; a
            // call id is written only when it is the very id the record was found by (call ids are one per call).
            var ownCallId = string.Equals(requestId, spendLog.LiteLLMCallId, StringComparison.Ordinal) ? requestId : null;
            return Settle(merged, requestId, ownCallId, record, spendLog);
        }

        var stt = ReadEstimate(merged, Options.EstimatedSttCostKey);
        var tts = ReadEstimate(merged, Options.EstimatedTtsCostKey);
        var actual = Sum(stt, tts, spendLog.Spend);

        merged[ActualLlmCostKey] = JsonValue.Create(spendLog.Spend);
        merged[RequestIdKey] = JsonValue.Create(spendLog.RequestId);
        merged[ProviderKey] = spendLog.Provider is null ? null : JsonValue.Create(spendLog.Provider);
        merged[ModelKey] = spendLog.Model is null ? null : JsonValue.Create(spendLog.Model);
        merged[PromptTokensKey] = JsonValue.Create(spendLog.PromptTokens);
        merged[CompletionTokensKey] = JsonValue.Create(spendLog.CompletionTokens);
        merged[CostCoverageKey] = JsonValue.Create(Options.CoverageLabel);
        if (spendLog.LiteLLMCallId is { } callId)
        {
            merged[CallIdKey] = JsonValue.Create(callId);
        }

        return new CostMergeResult
        {
            Status = CostMergeStatus.Merged,
            RequestId = spendLog.RequestId,
            Breakdown = merged,
            Record = record is null ? null : record with { ActualCost = actual, CostBreakdown = merged },
            ActualCost = actual,
            ActualLlmCost = spendLog.Spend,
            EstimatedSttCost = stt,
            EstimatedTtsCost = tts,
            Currency = Options.Currency,
            CompositeSource = Options.CompositeSource,
        };
    }

    private CostMergeResult Unmerged(CostMergeStatus status, string? requestId, JsonObject? breakdown, UsageRecord? record) => new()
    {
        Status = status,
        RequestId = requestId,
        Breakdown = breakdown,
        Record = record,
        Currency = Options.Currency,
        CompositeSource = Options.CompositeSource,
    };

    /// <summary>Adds the three parts of the actual cost; a sum beyond the decimal range is a malformed row, not an overflow.</summary>
    private static decimal Sum(decimal stt, decimal tts, decimal llm)
    {
        try
        {
            return stt + tts + llm;
        }
        catch (OverflowException ex)
        {
            throw new CostBreakdownException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The actual cost is out of range for a cost: estimated STT {stt} + estimated TTS {tts} + LLM spend {llm} exceeds {decimal.MaxValue}."),
                ex);
        }
    }
}
