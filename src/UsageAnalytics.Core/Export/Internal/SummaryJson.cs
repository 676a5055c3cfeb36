using UsageAnalytics.Analytics;
using UsageAnalytics.Insights;

namespace UsageAnalytics.Export.Internal;

/// <summary>The JSON document of a <see cref="UsageSummary"/> (format version 1). Figures, distributions, pattern
/// slots, buckets and comparisons are written as the public records are; dimensions by <see cref="UsageDimension.Name"/>,
/// the time zone by <see cref="TimeZoneInfo.Id"/>, and the dictionaries as ordered lists.</summary>
internal sealed class SummaryJson
{
    public int? FormatVersion { get; set; }

    public string? Currency { get; set; }

    public string? TimeZone { get; set; }

    public DateTimeOffset? AsOf { get; set; }

    public UsageFigures? Totals { get; set; }

    public DateTimeOffset? FirstTimestamp { get; set; }

    public DateTimeOffset? LastTimestamp { get; set; }

    public long? UniqueUsers { get; set; }

    public long? UniqueSessions { get; set; }

    public List<GroupSetJson>? Groups { get; set; }

    public List<SeriesJson>? TimeSeries { get; set; }

    public List<PatternSlot>? HourOfDay { get; set; }

    public List<PatternSlot>? DayOfWeek { get; set; }

    public UsageTimeBucket? PeakDay { get; set; }

    public UsageTimeBucket? PeakHour { get; set; }

    public List<CostDriverJson>? TopCostDrivers { get; set; }

    public PeriodComparison? Last24Hours { get; set; }

    public PeriodComparison? WeekOverWeek { get; set; }
}

/// <summary>The groups of one dimension, in the summary's order.</summary>
internal sealed class GroupSetJson
{
    public string? Dimension { get; set; }

    public List<GroupJson>? Groups { get; set; }
}

/// <summary>One group: its key (absent for the rows without a value) and figures.</summary>
internal sealed class GroupJson
{
    public string? Key { get; set; }

    public UsageFigures? Figures { get; set; }
}

/// <summary>The buckets of one size, in time order.</summary>
internal sealed class SeriesJson
{
    public TimeBucketSize? Size { get; set; }

    public List<UsageTimeBucket>? Buckets { get; set; }
}

/// <summary>One top cost driver.</summary>
internal sealed class CostDriverJson
{
    public string? Dimension { get; set; }

    public string? Key { get; set; }

    public decimal EffectiveCost { get; set; }

    public double? Share { get; set; }
}
