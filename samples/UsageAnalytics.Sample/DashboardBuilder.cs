using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>
/// Feeds usage rows, once each, to the one <see cref="UsageAccumulator"/> every dashboard figure comes from; rows that
/// carry an actual cost also go, in the same loop, to a second tiny accumulator (no groups, no buckets) whose totals
/// give the estimate's error where both costs are known.
/// </summary>
internal sealed class DashboardBuilder
{
    private readonly UsageAccumulator _all;
    private readonly UsageAccumulator _actualized;
    private readonly List<InputProblem> _refused = [];
    private int _offered;

    /// <summary>Initializes an empty dashboard whose day and hour figures are in <paramref name="timeZone"/>.</summary>
    public DashboardBuilder(TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        _all = new UsageAccumulator(new UsageAccumulatorOptions
        {
            GroupBy =
            [
                UsageDimension.Model,
                UsageDimension.Provider,
                UsageDimension.Service,
                UsageDimension.Status,
                UsageDimension.Team,
                UsageDimension.User,
                UsageDimension.KeyAlias,
            ],
            LatencyBy = [UsageDimension.Model, UsageDimension.Provider, UsageDimension.Service],
            TimeBuckets = [TimeBucketSize.Hour, TimeBucketSize.Day],
            LatencyInTimeBuckets = true,
            TimeZone = timeZone,
        });
        _actualized = new UsageAccumulator(new UsageAccumulatorOptions
        {
            GroupBy = [],
            TimeBuckets = [],
            CountDistinct = false,
            TimeZone = timeZone,
        });
    }

    /// <summary>Adds one row; a row the engine refuses (a default timestamp, a negative figure, another currency) is
    /// left out and its reason returned.</summary>
    public bool TryAdd(UsageRecord record, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(record);
        _offered++;
        if (!_all.TryAdd(record, out var refusal))
        {
            reason = "refused: " + refusal.ReplaceLineEndings(" ");
            return false;
        }

        if (record.IsActualized)
        {
            _actualized.Add(record);
        }

        reason = null;
        return true;
    }

    /// <summary>Adds rows from a list, recording each refused row with its index.</summary>
    public void AddAll(IReadOnlyList<UsageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        for (var i = 0; i < records.Count; i++)
        {
            if (!TryAdd(records[i], out var reason))
            {
                _refused.Add(new InputProblem { Index = i, Reason = reason! });
            }
        }
    }

    /// <summary>Makes the report. <paramref name="now"/> anchors the recent-activity windows.</summary>
    public DashboardReport Build(DateTimeOffset now)
    {
        var summary = _all.ToSummary(now);
        return new DashboardReport
        {
            Summary = summary,
            Actualized = _actualized.ToSummary(now).Totals,
            LastHour = LastHour(summary),
            Offered = _offered,
            Refused = _refused,
        };
    }

    /// <summary>The last whole local hour: the hour bucket ending where the 24-hour window ends (the end of the hour
    /// holding "now"), exact from the hour buckets.</summary>
    private Insights.PeriodComparison? LastHour(UsageSummary summary)
    {
        if (summary.Last24Hours is not { } day)
        {
            return null;
        }

        try
        {
            return _all.Compare(day.CurrentEnd - TimeSpan.FromHours(1), day.CurrentEnd);
        }
        catch (ArgumentException)
        {
            return null; // A zone whose hours do not start on whole UTC hours' boundaries here: no exact hour.
        }
    }
}
