using UsageAnalytics.Records;

namespace UsageAnalytics.Budgets;

public sealed class BudgetRunwayTests
{
    // Wednesday 15 April 2026, noon UTC: half of today is left. 1 April 2026 is a Wednesday.
    private static readonly DateTimeOffset _now = new(2026, 4, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_28DaysOfWeekdayHeavyHistory_ProjectsPerWeekday()
    {
        var tracker = Tracked(limit: 2000m);

        var status = tracker.Evaluate(_now).Statuses[0];

        // History 18 March (Wed) .. 14 April (Tue) = 28 full days: Mon-Fri 100/day, Sat/Sun 10/day, 4 of each weekday.
        // Means: weekdays 100, weekend 10; burn = (5 x 100 + 2 x 10) / 7 = 520 / 7.
        // Spend 1-14 April: 10 weekdays x 100 + 4 weekend days x 10 = 1040.
        // Rest: today (Wed) 100 x 1/2 = 50; 16-30 April = 11 weekdays (1100) + 4 weekend days (40) = 1140.
        // Projected 1040 + 50 + 1140 = 2230 (a plain rate would give 1040 / 14.5 x 30 = 2151.72...).
        Assert.Equal(BudgetRunwayMethod.WeekdayAware, status.RunwayMethod);
        Assert.Equal(1040m, status.Spend);
        Assert.Equal(520m / 7m, status.BurnRatePerDay);
        Assert.Equal(2230m, status.ProjectedSpend);
        Assert.False(status.IsOnTrack);

        // Runway: 2000 - 1040 = 960. Today -50 = 910; Thu 16 810, Fri 17 710, Sat 18 700, Sun 19 690, Mon 20 590,
        // Tue 21 490, Wed 22 390, Thu 23 290, Fri 24 190, Sat 25 180, Sun 26 170, Mon 27 70; Tue 28 spends 100 >= 70:
        // the limit is reached 70 % into 28 April = 16:48.
        Assert.Equal(new DateTimeOffset(2026, 4, 28, 16, 48, 0, TimeSpan.Zero), status.RunsOutAt);
        Assert.Equal(13.2, status.DaysRemaining!.Value, 6);
    }

    [Fact]
    public void Evaluate_DistantRunway_SkipsWholeWeeksToTheSameAnswer()
    {
        var tracker = Tracked(limit: 1_000_000m);

        var status = tracker.Evaluate(_now).Statuses[0];

        // Remaining 1,000,000 - 1040 = 998,960; today 50 -> 998,910. A week (from Thursday) spends 520:
        // 1920 weeks = 998,400 -> 510 left on Thursday 16 April + 13,440 days. Thu 410, Fri 310, Sat 300, Sun 290,
        // Mon 190, Tue 90; Wednesday (+6 days) spends 100 >= 90: 90 % into that day = 21:36.
        var day = new DateOnly(2026, 4, 22).AddDays(1920 * 7);
        Assert.Equal(new DateTimeOffset(day.ToDateTime(new TimeOnly(21, 36)), TimeSpan.Zero), status.RunsOutAt);
        Assert.True(status.IsOnTrack);
    }

    [Fact]
    public void Evaluate_13DaysOfHistory_StaysOnPlainRate()
    {
        var tracker = new BudgetTracker([new BudgetPolicy { Name = "all", Limit = 2000m }]);
        tracker.AddRange(History(new DateOnly(2026, 4, 2), new DateOnly(2026, 4, 14)));

        var status = tracker.Evaluate(_now).Statuses[0];

        // 2-14 April is 13 full days before today, fewer than the 14 the weekday method needs.
        Assert.Equal(BudgetRunwayMethod.PlainRate, status.RunwayMethod);
    }

    private static BudgetTracker Tracked(decimal limit)
    {
        var tracker = new BudgetTracker([new BudgetPolicy { Name = "all", Limit = limit }]);
        tracker.AddRange(History(new DateOnly(2026, 3, 18), new DateOnly(2026, 4, 14)));
        return tracker;
    }

    private static IEnumerable<UsageRecord> History(DateOnly first, DateOnly last)
    {
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

            // Two rows a day so the daily sum, not a single row, is what the method averages.
            var half = weekend ? 5m : 50m;
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            yield return new UsageRecord { Timestamp = at, EstimatedCost = half };
            yield return new UsageRecord { Timestamp = at.AddHours(8), EstimatedCost = half };
        }
    }
}
