using UsageAnalytics.Analytics;

namespace UsageAnalytics.Insights;

/// <summary>One of the groups that account for the most effective cost, across all group dimensions.</summary>
public sealed record CostDriver
{
    /// <summary>Gets the dimension of the group.</summary>
    public required UsageDimension Dimension { get; init; }

    /// <summary>Gets the group's value, or <see langword="null"/> for the rows without one.</summary>
    public string? Key { get; init; }

    /// <summary>Gets the group's effective cost.</summary>
    public decimal EffectiveCost { get; init; }

    /// <summary>Gets the group's share of the total effective cost in [0, 1], or <see langword="null"/> when the total is zero.</summary>
    public double? Share { get; init; }
}
