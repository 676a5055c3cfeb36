namespace UsageAnalytics.Analytics;

/// <summary>The mergeable state of one group (or of the totals, or of one time bucket).</summary>
internal sealed class GroupState
{
    public long Requests;
    public long Failures;
    public long Actualized;
    public long MissingRequestId;
    public long CacheKnown;
    public long CacheHits;
    public long PromptTokens;
    public long CompletionTokens;
    public long CachedPromptTokens;
    public long CacheWriteTokens;
    public long ReasoningTokens;
    public MoneySum Estimated;
    public MoneySum Actual;
    public MoneySum Effective;
    public RunningStats Latency;
    public RunningStats TimeToFirstToken;

    /// <summary>Completion tokens of the rows that have a positive latency (the numerator of tokens per second).</summary>
    public long TimedCompletionTokens;

    /// <summary>Latency of the rows counted in <see cref="TimedCompletionTokens"/>, in milliseconds.</summary>
    public double TimedLatencyMs;

    public GroupState(double? sketchAccuracy)
    {
        if (sketchAccuracy is { } accuracy)
        {
            Latency.Sketch = new QuantileSketch(accuracy);
            TimeToFirstToken.Sketch = new QuantileSketch(accuracy);
        }
    }

    public bool HasSketches => Latency.Sketch is not null;

    public void Add(in RowFigures row)
    {
        Requests++;
        Failures += row.Failure;
        Actualized += row.Actualized;
        MissingRequestId += row.MissingRequestId;
        CacheKnown += row.CacheKnown;
        CacheHits += row.CacheHit;
        PromptTokens += row.PromptTokens;
        CompletionTokens += row.CompletionTokens;
        CachedPromptTokens += row.CachedPromptTokens;
        CacheWriteTokens += row.CacheWriteTokens;
        ReasoningTokens += row.ReasoningTokens;
        Estimated.Add(row.Estimated);
        Effective.Add(row.Effective);
        if (row.Actualized != 0)
        {
            Actual.Add(row.Actual);
        }

        var latency = row.LatencyMs;
        if (!double.IsNaN(latency))
        {
            Latency.Add(latency);
            if (latency > 0)
            {
                TimedCompletionTokens += row.CompletionTokens;
                TimedLatencyMs += latency;
            }
        }

        var ttft = row.TimeToFirstTokenMs;
        if (!double.IsNaN(ttft))
        {
            TimeToFirstToken.Add(ttft);
        }
    }

    public void Merge(GroupState other)
    {
        Requests += other.Requests;
        Failures += other.Failures;
        Actualized += other.Actualized;
        MissingRequestId += other.MissingRequestId;
        CacheKnown += other.CacheKnown;
        CacheHits += other.CacheHits;
        PromptTokens += other.PromptTokens;
        CompletionTokens += other.CompletionTokens;
        CachedPromptTokens += other.CachedPromptTokens;
        CacheWriteTokens += other.CacheWriteTokens;
        ReasoningTokens += other.ReasoningTokens;
        Estimated.Merge(other.Estimated);
        Actual.Merge(other.Actual);
        Effective.Merge(other.Effective);
        Latency.Merge(other.Latency);
        TimeToFirstToken.Merge(other.TimeToFirstToken);
        TimedCompletionTokens += other.TimedCompletionTokens;
        TimedLatencyMs += other.TimedLatencyMs;
    }
}
