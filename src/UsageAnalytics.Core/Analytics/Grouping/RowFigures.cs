using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>The numbers of one row, read and converted once, then added to every group the row belongs to.</summary>
/// <remarks>Built only from a row that <see cref="RecordCheck"/> accepted: no negative counts or money, finite
/// non-negative durations.</remarks>
internal readonly struct RowFigures
{
    public RowFigures(UsageRecord record)
    {
        PromptTokens = record.PromptTokens;
        CompletionTokens = record.CompletionTokens;
        CachedPromptTokens = record.CachedPromptTokens;
        CacheWriteTokens = record.CacheWriteTokens;
        ReasoningTokens = record.ReasoningTokens;
        Failure = record.IsSuccess ? 0 : 1;
        MissingRequestId = record.HasRequestId ? 0 : 1;
        Estimated = new FixedMoney(record.EstimatedCost);
        AllFixed = Estimated.IsFixed;
        if (record.ActualCost is { } actual)
        {
            Actualized = 1;
            Actual = new FixedMoney(actual);
            AllFixed &= Actual.IsFixed;
        }

        // LiteLLM's "None", "False" and an absent flag all mean no hit (the mapping gives false); null is a flag
        // that could not be read, which counts as neither.
        if (record.CacheHit is { } hit)
        {
            CacheKnown = 1;
            if (hit)
            {
                CacheHit = 1;
                CacheHitTokens = PromptTokens + CompletionTokens;
            }
            else
            {
                CacheMissTokens = PromptTokens + CompletionTokens;
            }
        }

        LatencyMs = record.LatencyMs ?? double.NaN;
        TimeToFirstTokenMs = record.TimeToFirstTokenMs ?? double.NaN;
    }

    public long PromptTokens { get; }

    public long CompletionTokens { get; }

    public long TotalTokens => PromptTokens + CompletionTokens;

    public long CachedPromptTokens { get; }

    public long CacheWriteTokens { get; }

    public long ReasoningTokens { get; }

    /// <summary>Gets whether every money amount of the row is exact in fixed-point (the fast path).</summary>
    public bool AllFixed { get; }

    public int Failure { get; }

    public int MissingRequestId { get; }

    public int Actualized { get; }

    public int CacheKnown { get; }

    public int CacheHit { get; }

    public long CacheHitTokens { get; }

    public long CacheMissTokens { get; }

    public FixedMoney Estimated { get; }

    /// <summary>Gets the actual cost; meaningful only when <see cref="Actualized"/> is 1.</summary>
    public FixedMoney Actual { get; }

    /// <summary>Gets the effective cost: the actual cost when known, otherwise the estimated one.</summary>
    public FixedMoney Effective => Actualized != 0 ? Actual : Estimated;

    /// <summary>Gets the latency, or NaN when absent.</summary>
    public double LatencyMs { get; }

    /// <summary>Gets the time to first token, or NaN when absent.</summary>
    public double TimeToFirstTokenMs { get; }
}
