namespace UsageAnalytics.Analytics;

/// <summary>The figures of one time bucket (one minute, hour, day, week or month) in the accumulator's time zone.</summary>
/// <remarks><see cref="Start"/> and <see cref="End"/> carry the time zone's offset at each instant, so a day bucket on a
/// daylight saving change spans 23 or 25 hours. A row belongs to the bucket holding its
/// <see cref="Records.UsageRecord.Timestamp"/>.</remarks>
public sealed record UsageTimeBucket
{
    /// <summary>Gets the bucket size.</summary>
    public required TimeBucketSize Size { get; init; }

    /// <summary>Gets the first instant of the bucket (inclusive).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Gets the instant after the bucket (exclusive).</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Gets the bucket's figures (latency statistics only with <see cref="UsageAccumulatorOptions.LatencyInTimeBuckets"/>).</summary>
    public required UsageFigures Figures { get; init; }
}
