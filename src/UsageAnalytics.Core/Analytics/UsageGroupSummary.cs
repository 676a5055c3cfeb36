namespace UsageAnalytics.Analytics;

/// <summary>The figures of the rows that share one value of a dimension.</summary>
public sealed record UsageGroupSummary
{
    /// <summary>Gets the dimension value; <see cref="UsageSummary.NoneKey"/> for rows where it is absent.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the figures of the group.</summary>
    public required UsageTotals Totals { get; init; }
}
