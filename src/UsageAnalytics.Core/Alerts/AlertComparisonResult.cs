namespace UsageAnalytics.Alerts;

/// <summary>One comparison of a rule as evaluated: the value observed in the window and the outcome.</summary>
public sealed record AlertComparisonResult
{
    /// <summary>Gets the comparison.</summary>
    public required AlertComparison Comparison { get; init; }

    /// <summary>Gets the observed value in the metric's unit, or null when the window had no data (then <see cref="IsTrue"/> is false).</summary>
    public double? Observed { get; init; }

    /// <summary>Gets whether the comparison held.</summary>
    public bool IsTrue { get; init; }

    /// <summary>Gets the start of the window evaluated (a minute boundary for windows up to 60 minutes, an hour boundary beyond, local midnight for <c>daily_spend</c>).</summary>
    public DateTimeOffset WindowStart { get; init; }

    /// <summary>Gets the end of the window evaluated (the evaluation instant).</summary>
    public DateTimeOffset WindowEnd { get; init; }
}
