namespace UsageAnalytics.Analytics;

/// <summary>The small state of one hour-of-day or weekday slot.</summary>
internal struct PatternState
{
    public long Requests;
    public long Failures;
    public long TotalTokens;
    public MoneySum Effective;

    public void Add(in RowFigures row)
    {
        Requests++;
        Failures += row.Failure;
        TotalTokens += row.PromptTokens + row.CompletionTokens;
        Effective.Add(row.Effective);
    }

    public void Merge(in PatternState other)
    {
        Requests += other.Requests;
        Failures += other.Failures;
        TotalTokens += other.TotalTokens;
        Effective.Merge(other.Effective);
    }
}
