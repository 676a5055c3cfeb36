using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Insights;

/// <summary>"Last 24 hours" and "week over week" are exact or absent, and state the window they cover.</summary>
public sealed class PeriodComparisonTests
{
    // "Now" is 10:00; the example: the last 24 hours hold A (yesterday 14:00, 4 USD) and B (today 08:00,
    // 8 USD) = 2 rows, 12 USD; the 24 hours before hold C (yesterday 06:00, 2 USD) and D (two days ago 20:00, 1 USD)
    // = 3 USD, so +300%. The calendar-day reading gave today = B alone (1 row, 8 USD) against yesterday = A + C
    // (6 USD): +33%.
    private static readonly DateTimeOffset _now = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    private static readonly UsageRecord[] _recent =
    [
        Row("A", _now.AddHours(-20), 4m),
        Row("B", _now.AddHours(-2), 8m),
        Row("C", _now.AddHours(-28), 2m),
        Row("D", _now.AddHours(-38), 1m),
    ];

    [Fact]
    public void Last24Hours_WithHourBuckets_IsExactAndStatesItsWindow()
    {
        var summary = UsageAccumulator.Aggregate(_recent, new UsageAccumulatorOptions { TimeBuckets = [TimeBucketSize.Hour, TimeBucketSize.Day] }).ToSummary(_now);

        var last24 = summary.Last24Hours!;
        Assert.Equal((2L, 12m), (last24.Current.Requests, last24.Current.EffectiveCost));
        Assert.Equal((2L, 3m), (last24.Previous.Requests, last24.Previous.EffectiveCost));
        Assert.Equal(300.0, last24.EffectiveCostChangePercent);
        Assert.Equal(0.0, last24.RequestsChangePercent);
        Assert.Equal(TimeBucketSize.Hour, last24.Resolution);
        Assert.Equal((_now.AddHours(-24), _now, _now.AddHours(-48), _now.AddHours(-24)), (last24.CurrentStart, last24.CurrentEnd, last24.PreviousStart, last24.PreviousEnd));
    }

    [Fact]
    public void Last24Hours_WithDayBucketsOnly_IsAbsentNotTheCalendarDay()
    {
        var accumulator = UsageAccumulator.Aggregate(_recent, new UsageAccumulatorOptions { TimeBuckets = [TimeBucketSize.Day] });

        var summary = accumulator.ToSummary(_now);

        Assert.Null(summary.Last24Hours);
        Assert.Null(summary.WeekOverWeek);
        var error = Assert.Throws<ArgumentException>(() => accumulator.Compare(_now.AddHours(-24), _now));
        Assert.Contains("Day", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Last24Hours_NowInsideAnHour_EndsAtThatHoursEndAndSaysSo()
    {
        var now = _now.AddMinutes(30);

        var last24 = UsageAccumulator.Aggregate(_recent).ToSummary(now).Last24Hours!;

        Assert.Equal((_now.AddHours(-23), _now.AddHours(1)), (last24.CurrentStart, last24.CurrentEnd));
        Assert.Equal((2L, 12m), (last24.Current.Requests, last24.Current.EffectiveCost));
    }

    [Fact]
    public void WeekOverWeek_CountsTheTwoSevenDayWindowsExactly()
    {
        // This week [03-03 10:00, 03-10 10:00): A, B, C, D and E (03-04); last week: F (03-03 09:00), G (02-25 11:00);
        // H (02-24 09:00) is older than both.
        UsageRecord[] rows =
        [
            .. _recent,
            Row("E", _now.AddDays(-6), 1m),
            Row("F", _now.AddDays(-7).AddHours(-1), 1m),
            Row("G", _now.AddDays(-13).AddHours(1), 1m),
            Row("H", _now.AddDays(-14).AddHours(-1), 1m),
        ];

        var week = UsageAccumulator.Aggregate(rows).ToSummary(_now).WeekOverWeek!;

        Assert.Equal((5L, 2L), (week.Current.Requests, week.Previous.Requests));
        Assert.Equal(150.0, week.RequestsChangePercent);
        Assert.Equal((_now.AddDays(-7), _now.AddDays(-14)), (week.CurrentStart, week.PreviousStart));
    }

    private static UsageRecord Row(string id, DateTimeOffset at, decimal cost) => UsageSummaryMeaningTests.Row(id, at, cost);
}
