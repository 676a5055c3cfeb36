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
/// gains exactly seven keys, overwriting them if present: <c>actual_llm_cost</c>, <c>request_id</c>,
/// <c>provider</c> (the row's <c>custom_llm_provider</c>), <c>model</c>, <c>prompt_tokens</c>,
/// <c>completion_tokens</c> and <c>cost_coverage</c> (the configured <see cref="CostMergeOptions.CoverageLabel"/>).
/// The actual cost, currency and composite source travel in the <see cref="CostMergeResult"/> for the host to store.
/// </para>
/// <para>
/// Merging is idempotent: merging the merged breakdown with the same spend log gives the same result. A spend log
/// for another request id is refused (<see cref="CostMergeStatus.RequestIdMismatch"/>); a missing one leaves the
/// input untouched (<see cref="CostMergeStatus.NoSpendLog"/>). Instances are immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class CostBreakdownMerger
{
    private const string ActualLlmCostKey = "actual_llm_cost";
    private const string RequestIdKey = "request_id";
    private const string ProviderKey = "provider";
    private const string ModelKey = "model";
    private const string PromptTokensKey = "prompt_tokens";
    private const string CompletionTokensKey = "completion_tokens";
    private const string CostCoverageKey = "cost_coverage";

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
        ArgumentNullException.ThrowIfNull(options.RequestIdPaths, "options.RequestIdPaths");

        _requestIdPaths = new string[options.RequestIdPaths.Count][];
        for (var i = 0; i < _requestIdPaths.Length; i++)
        {
            var path = options.RequestIdPaths[i];
            var segments = string.IsNullOrWhiteSpace(path) ? [] : path.Split('.');
            if (segments.Length == 0 || Array.Exists(segments, string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException($"Request-id path #{i} ('{path}') is blank or has an empty segment.", nameof(options));
            }

            _requestIdPaths[i] = segments;
        }

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

    /// <summary>Finds the LiteLLM request id in a stored breakdown.</summary>
    /// <param name="breakdown">The stored breakdown; may be <see langword="null"/>.</param>
    /// <returns>
    /// The first non-blank string (or number, as its JSON text) found at <see cref="CostMergeOptions.RequestIdPaths"/>,
    /// tried in order; <see langword="null"/> when there is none.
    /// </returns>
    public string? ExtractRequestId(JsonObject? breakdown)
    {
        if (breakdown is null)
        {
            return null;
        }

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

            if (node is JsonValue value)
            {
                var id = value.GetValueKind() switch
                {
                    JsonValueKind.String => value.GetValue<string>(),
                    JsonValueKind.Number => value.ToJsonString(),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(id))
                {
                    return id;
                }
            }
        }

        return null;
    }

    /// <summary>Merges a spend log into a stored breakdown.</summary>
    /// <param name="breakdown">The stored breakdown (not mutated); <see langword="null"/> is merged as an empty breakdown.</param>
    /// <param name="spendLog">The LiteLLM spend-log row for the breakdown's request, or <see langword="null"/> when none was found.</param>
    /// <returns>
    /// The merge result. When the breakdown names a request id (see <see cref="ExtractRequestId"/>) that differs
    /// (ordinally) from the spend log's, the status is <see cref="CostMergeStatus.RequestIdMismatch"/>.
    /// </returns>
    /// <exception cref="CostBreakdownException">An estimated part of the breakdown is not a non-negative number or numeric string.</exception>
    /// <exception cref="SpendLogFormatException">The spend log's <see cref="SpendLogEntry.Spend"/> is negative.</exception>
    public CostMergeResult Merge(JsonObject? breakdown, SpendLogEntry? spendLog) =>
        MergeCore(breakdown, spendLog, ExtractRequestId(breakdown), record: null);

    /// <summary>Merges a spend log into a usage record's stored breakdown and actual cost.</summary>
    /// <param name="record">The usage record (not mutated).</param>
    /// <param name="spendLog">The LiteLLM spend-log row for the record's request, or <see langword="null"/> when none was found.</param>
    /// <returns>
    /// The merge result; on success <see cref="CostMergeResult.Record"/> is a copy of <paramref name="record"/> with
    /// <see cref="UsageRecord.ActualCost"/> and <see cref="UsageRecord.CostBreakdown"/> set. The request id checked is
    /// <see cref="UsageRecord.RequestId"/>, else the one in the breakdown. A record kept in another currency than
    /// <see cref="CostMergeOptions.Currency"/> is refused with <see cref="CostMergeStatus.CurrencyMismatch"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="CostBreakdownException">An estimated part of the breakdown is not a non-negative number or numeric string.</exception>
    /// <exception cref="SpendLogFormatException">The spend log's <see cref="SpendLogEntry.Spend"/> is negative.</exception>
    public CostMergeResult Merge(UsageRecord record, SpendLogEntry? spendLog)
    {
        ArgumentNullException.ThrowIfNull(record);
        var requestId = record.HasRequestId ? record.RequestId : ExtractRequestId(record.CostBreakdown);
        if (spendLog is not null && !string.Equals(record.Currency, Options.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return Unmerged(CostMergeStatus.CurrencyMismatch, requestId, record.CostBreakdown, record);
        }

        return MergeCore(record.CostBreakdown, spendLog, requestId, record);
    }

    private CostMergeResult MergeCore(JsonObject? breakdown, SpendLogEntry? spendLog, string? requestId, UsageRecord? record)
    {
        if (spendLog is null)
        {
            return Unmerged(CostMergeStatus.NoSpendLog, requestId, breakdown, record);
        }

        if (requestId is not null && !string.Equals(requestId, spendLog.RequestId, StringComparison.Ordinal))
        {
            return Unmerged(CostMergeStatus.RequestIdMismatch, requestId, breakdown, record);
        }

        if (spendLog.Spend < 0)
        {
            throw new SpendLogFormatException(
                $"The spend log '{spendLog.RequestId}' has a negative spend: {spendLog.Spend.ToString(CultureInfo.InvariantCulture)}.");
        }

        var stt = ReadEstimate(breakdown, Options.EstimatedSttCostKey);
        var tts = ReadEstimate(breakdown, Options.EstimatedTtsCostKey);
        var actual = stt + tts + spendLog.Spend;

        var merged = breakdown is null ? [] : (JsonObject)breakdown.DeepClone();
        merged[ActualLlmCostKey] = JsonValue.Create(spendLog.Spend);
        merged[RequestIdKey] = JsonValue.Create(spendLog.RequestId);
        merged[ProviderKey] = spendLog.Provider is null ? null : JsonValue.Create(spendLog.Provider);
        merged[ModelKey] = spendLog.Model is null ? null : JsonValue.Create(spendLog.Model);
        merged[PromptTokensKey] = JsonValue.Create(spendLog.PromptTokens);
        merged[CompletionTokensKey] = JsonValue.Create(spendLog.CompletionTokens);
        merged[CostCoverageKey] = JsonValue.Create(Options.CoverageLabel);

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

    /// <summary>Reads an estimated part: missing, null or blank is 0; a number or numeric string is exact; anything else is an error.</summary>
    private static decimal ReadEstimate(JsonObject? breakdown, string key)
    {
        if (breakdown is null || !breakdown.TryGetPropertyValue(key, out var node) || node is null)
        {
            return 0m;
        }

        decimal value;
        if (node is JsonValue json && json.GetValueKind() == JsonValueKind.Number)
        {
            if (!TryGetNumber(json, out value))
            {
                throw new CostBreakdownException(
                    $"The breakdown's '{key}' is out of range for a cost: {json.ToJsonString()}.");
            }
        }
        else if (node is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            var s = text.GetValue<string>();
            if (string.IsNullOrWhiteSpace(s))
            {
                return 0m;
            }

            if (!decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                throw new CostBreakdownException($"The breakdown's '{key}' is not a number: '{s}'.");
            }
        }
        else
        {
            throw new CostBreakdownException(
                $"The breakdown's '{key}' must be a number or a numeric string, not {node.GetValueKind()}.");
        }

        if (value < 0)
        {
            throw new CostBreakdownException(
                $"The breakdown's '{key}' is negative: {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    private static bool TryGetNumber(JsonValue json, out decimal value)
    {
        if (json.TryGetValue(out value))
        {
            return true;
        }

        // Values built in code (double, float...) rather than parsed from text convert through their JSON text.
        return decimal.TryParse(json.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
