namespace UsageAnalytics.Analytics;

/// <summary>The figures of a set of usage rows: counts, exact money sums and token sums.</summary>
/// <remarks>Money is in the rows' currency (USD by default) and summed exactly.</remarks>
public sealed record UsageTotals
{
    /// <summary>Gets the number of rows (requests).</summary>
    public long RequestCount { get; init; }

    /// <summary>Gets the number of successful requests (status <c>success</c> or none).</summary>
    public long SuccessCount { get; init; }

    /// <summary>Gets the number of failed requests.</summary>
    public long FailureCount { get; init; }

    /// <summary>Gets the number of rows that carry an actual cost.</summary>
    public long ActualizedCount { get; init; }

    /// <summary>Gets the number of rows with an estimated cost only.</summary>
    public long EstimatedOnlyCount { get; init; }

    /// <summary>Gets the number of rows without a request id (which can never be actualized).</summary>
    public long MissingRequestIdCount { get; init; }

    /// <summary>Gets the sum of the estimated costs of all rows.</summary>
    public decimal EstimatedCost { get; init; }

    /// <summary>Gets the sum of the actual costs of the actualized rows.</summary>
    public decimal ActualCost { get; init; }

    /// <summary>Gets the sum of the effective costs: the actual cost where known, else the estimated cost.</summary>
    public decimal EffectiveCost { get; init; }

    /// <summary>Gets the sum of prompt tokens.</summary>
    public long PromptTokens { get; init; }

    /// <summary>Gets the sum of completion tokens.</summary>
    public long CompletionTokens { get; init; }

    /// <summary>Gets the sum of prompt and completion tokens.</summary>
    public long TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>Gets the sum of prompt tokens served from the provider's prompt cache.</summary>
    public long CachedPromptTokens { get; init; }

    /// <summary>Gets the sum of prompt tokens written to the provider's prompt cache.</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>Gets the sum of reasoning tokens.</summary>
    public long ReasoningTokens { get; init; }
}
