using UsageAnalytics.Analytics;

namespace UsageAnalytics.Query;

/// <summary>One row of a <see cref="UsageQuery"/> result: the group's keys, its time bucket and its figures.</summary>
public sealed record UsageQueryRow
{
    /// <summary>Gets the group's value for each of the query's <see cref="UsageQuery.Dimensions"/>, in order;
    /// <see langword="null"/> for rows without a value.</summary>
    public required IReadOnlyList<string?> Keys { get; init; }

    /// <summary>Gets the start of the row's time bucket, or <see langword="null"/> when the query has no <see cref="UsageQuery.TimeBucket"/>.</summary>
    public DateTimeOffset? BucketStart { get; init; }

    /// <summary>Gets the end (exclusive) of the row's time bucket, or <see langword="null"/>.</summary>
    public DateTimeOffset? BucketEnd { get; init; }

    /// <summary>Gets every figure of the group; latency, time-to-first-token and tokens-per-second figures only when the
    /// query asks for one of those metrics.</summary>
    public required UsageFigures Figures { get; init; }

    /// <summary>Gets the value of each of the query's <see cref="UsageQuery.Metrics"/>, in order (money as
    /// <see cref="double"/> for display; the exact amounts are on <see cref="Figures"/>).</summary>
    public required IReadOnlyList<double?> Values { get; init; }

    /// <summary>Returns one metric of the row as a number (<see langword="null"/> where the figure is).</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The value.</returns>
    public double? ValueOf(UsageMetric metric) => UsageQuery.ValueOf(Figures, metric);
}
