namespace UsageAnalytics.Analytics;

/// <summary>The figures of one group of a dimension (one model, one user, one tag, …).</summary>
public sealed record AnalyticsGroup
{
    /// <summary>The key shown for rows without a value: <c>(none)</c>.</summary>
    public const string NoneLabel = "(none)";

    /// <summary>Gets the dimension.</summary>
    public required UsageDimension Dimension { get; init; }

    /// <summary>Gets the group's value, or <see langword="null"/> for the rows without one.</summary>
    public string? Key { get; init; }

    /// <summary>Gets <see cref="Key"/>, or <see cref="NoneLabel"/> for the rows without a value.</summary>
    public string Label => Key ?? NoneLabel;

    /// <summary>Gets the group's figures.</summary>
    public required UsageFigures Figures { get; init; }
}
