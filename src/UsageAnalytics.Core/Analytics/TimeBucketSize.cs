namespace UsageAnalytics.Analytics;

/// <summary>The sizes of time bucket the analytics engine can break usage down by.</summary>
/// <remarks>Buckets follow the wall clock of the configured <see cref="TimeZoneInfo"/>: a day bucket on a daylight
/// saving change lasts 23 or 25 hours, and minute and hour buckets are distinct instants even when the local clock
/// repeats an hour.</remarks>
public enum TimeBucketSize
{
    /// <summary>One minute.</summary>
    Minute,

    /// <summary>One hour of the local clock.</summary>
    Hour,

    /// <summary>One local calendar day, midnight to midnight.</summary>
    Day,

    /// <summary>Seven local days, starting on the configured first day of the week.</summary>
    Week,

    /// <summary>One local calendar month.</summary>
    Month,
}
