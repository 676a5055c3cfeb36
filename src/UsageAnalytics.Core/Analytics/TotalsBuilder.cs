namespace UsageAnalytics.Analytics;

/// <summary>Mutable running figures behind <see cref="UsageTotals"/>.</summary>
internal sealed class TotalsBuilder
{
    private long _requests;
    private long _successes;
    private long _actualized;
    private long _missingRequestId;
    private decimal _estimated;
    private decimal _actual;
    private decimal _effective;
    private long _prompt;
    private long _completion;
    private long _cached;
    private long _cacheWrite;
    private long _reasoning;

    public void Add(in UsageRow row)
    {
        _requests++;
        if (row.IsSuccess)
        {
            _successes++;
        }

        if (!row.HasRequestId)
        {
            _missingRequestId++;
        }

        _estimated += row.EstimatedCost;
        if (row.ActualCost is { } actual)
        {
            _actualized++;
            _actual += actual;
            _effective += actual;
        }
        else
        {
            _effective += row.EstimatedCost;
        }

        _prompt += row.PromptTokens;
        _completion += row.CompletionTokens;
        _cached += row.CachedPromptTokens;
        _cacheWrite += row.CacheWriteTokens;
        _reasoning += row.ReasoningTokens;
    }

    public UsageTotals Build() => new()
    {
        RequestCount = _requests,
        SuccessCount = _successes,
        FailureCount = _requests - _successes,
        ActualizedCount = _actualized,
        EstimatedOnlyCount = _requests - _actualized,
        MissingRequestIdCount = _missingRequestId,
        EstimatedCost = _estimated,
        ActualCost = _actual,
        EffectiveCost = _effective,
        PromptTokens = _prompt,
        CompletionTokens = _completion,
        CachedPromptTokens = _cached,
        CacheWriteTokens = _cacheWrite,
        ReasoningTokens = _reasoning,
    };
}
