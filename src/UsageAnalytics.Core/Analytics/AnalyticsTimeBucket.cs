namespace UsageAnalytics.Analytics;

/// <summary>The figures of one time bucket.</summary>
/// <remarks><see cref="Start"/> and <see cref="End"/> carry the configured time zone's offset at each instant, so a
/// day bucket on a daylight saving change spans 23 or 25 hours.</remarks>
public sealed record AnalyticsTimeBucket
{
    /// <summary>Gets the bucket size.</summary>
    public required TimeBucketSize Size { get; init; }

    /// <summary>Gets the first instant of the bucket.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Gets the instant after the bucket (exclusive).</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Gets the bucket's figures (latency statistics only with <see cref="UsageAccumulatorOptions.LatencyInTimeBuckets"/>).</summary>
    public required UsageFigures Figures { get; init; }
}
