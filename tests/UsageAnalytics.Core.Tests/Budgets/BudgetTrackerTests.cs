using Microsoft.Extensions.Time.Testing;
using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Budgets;

public sealed class BudgetTrackerTests
{
    // April 2026 has 30 days; 11 April 00:00Z is 10 days into the period.
    private static readonly DateTimeOffset _april11 = new(2026, 4, 11, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_300SpentOver10DaysOfLimit1000_EveryStatusFieldFollowsThePlainRate()
    {
        var tracker = new BudgetTracker([new BudgetPolicy { Name = "all", Limit = 1000m }]);
        tracker.AddRange(DailyRows(new DateOnly(2026, 4, 1), days: 10, perDay: 30m));
        var clock = new FakeTimeProvider(_april11);

        var status = tracker.Evaluate(clock).Statuses[0];

        // Spend 10 x 30 = 300; rate 300 / 10 days = 30/day; 20 days left: projected 300 + 30 x 20 = 900.
        // Runway: (1000 - 300) / 30 = 23 1/3 days from 11 April 00:00 = 4 May 08:00, i.e. day 33 1/3, after the period.
        Assert.Equal(_april11, status.AsOf);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), status.PeriodStart);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), status.PeriodEnd);
        Assert.Equal(300m, status.Spend);
        Assert.Equal(700m, status.Remaining);
        Assert.Equal(30m, status.PercentUsed);
        Assert.Equal(30m, status.BurnRatePerDay);
        Assert.Equal(BudgetRunwayMethod.PlainRate, status.RunwayMethod);
        Assert.Equal(900m, status.ProjectedSpend);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 8, 0, 0, TimeSpan.Zero), status.RunsOutAt);
        Assert.True(status.RunsOutAt > status.PeriodEnd);
        Assert.Equal(23.3333, status.DaysRemaining!.Value, 4);
        Assert.Equal(20d, status.DaysLeftInPeriod);
        Assert.Empty(status.ThresholdsCrossed);
        Assert.Null(status.HighestThresholdCrossed);
        Assert.False(status.IsExceeded);
        Assert.True(status.IsOnTrack);
        Assert.Equal(0, status.OtherCurrencyRecords);
        Assert.Same(status.Policy, tracker.Evaluate(_april11).Find("all")!.Policy);
    }

    [Fact]
    public void Evaluate_60PerDay_RunsOutInsideThePeriodAndIsOffTrack()
    {
        var tracker = new BudgetTracker([new BudgetPolicy { Name = "all", Limit = 1000m }]);
        tracker.AddRange(DailyRows(new DateOnly(2026, 4, 1), days: 10, perDay: 60m));

        var status = tracker.Evaluate(_april11).Statuses[0];

        // Spend 600; rate 60/day; projected 600 + 60 x 20 = 1800 > 1000; runway 400 / 60 = 6 2/3 days = 17 April 16:00.
        Assert.Equal(1800m, status.ProjectedSpend);
        Assert.Equal(new DateTimeOffset(2026, 4, 17, 16, 0, 0, TimeSpan.Zero), status.RunsOutAt);
        Assert.False(status.IsOnTrack);
        Assert.False(status.IsExceeded);
        Assert.Equal([50m], status.ThresholdsCrossed);
    }

    [Fact]
    public void Evaluate_Exceeded_RunsOutAtAsOfWithAllThresholds()
    {
        var tracker = new BudgetTracker([new BudgetPolicy { Name = "all", Limit = 1000m }]);
        tracker.AddRange(DailyRows(new DateOnly(2026, 4, 1), days: 10, perDay: 110m));

        var status = tracker.Evaluate(_april11).Statuses[0];

        // Spend 1100 >= 1000: 110 %, remaining -100, rate 110/day, projected 1100 + 110 x 20 = 3300.
        Assert.True(status.IsExceeded);
        Assert.False(status.IsOnTrack);
        Assert.Equal(-100m, status.Remaining);
        Assert.Equal(110m, status.PercentUsed);
        Assert.Equal(3300m, status.ProjectedSpend);
        Assert.Equal(_april11, status.RunsOutAt);
        Assert.Equal(0d, status.DaysRemaining);
        Assert.Equal([50m, 80m, 95m], status.ThresholdsCrossed);
        Assert.Equal(95m, status.HighestThresholdCrossed);
    }

    [Fact]
    public void Evaluate_SpendExactlyAtThreshold_CountsItCrossed()
    {
        var tracker = new BudgetTracker([new BudgetPolicy { Name = "all", Limit = 1000m }]);
        tracker.Add(Row(_april11.AddDays(-1), 800m));

        var status = tracker.Evaluate(_april11).Statuses[0];

        // 800 / 1000 = 80 %: 50 and 80 reached, 95 not.
        Assert.Equal([50m, 80m], status.ThresholdsCrossed);
        Assert.Equal(80m, status.HighestThresholdCrossed);
    }

    [Fact]
    public void Evaluate_NoRows_NoSpendWithoutRunway()
    {
        var status = BudgetTracker.Evaluate([], [new BudgetPolicy { Name = "all", Limit = 5m }], _april11).Statuses[0];

        Assert.Equal(BudgetRunwayMethod.NoSpend, status.RunwayMethod);
        Assert.Equal(0m, status.BurnRatePerDay);
        Assert.Equal(0m, status.ProjectedSpend);
        Assert.Null(status.RunsOutAt);
        Assert.Null(status.DaysRemaining);
        Assert.True(status.IsOnTrack);
    }

    [Fact]
    public void Add_OtherCurrencyRows_CountedNotSummed()
    {
        var tracker = new BudgetTracker([new BudgetPolicy { Name = "all", Limit = 100m }]);
        tracker.Add(Row(_april11.AddDays(-1), 10m));
        tracker.Add(Row(_april11.AddDays(-1), 5m) with { Currency = "EUR" });
        tracker.Add(Row(_april11.AddDays(-2), 5m) with { Currency = "EUR" });
        tracker.Add(Row(_april11.AddDays(-2), 1m) with { Currency = "usd" });

        var status = tracker.Evaluate(_april11).Statuses[0];

        // USD 10 + usd 1 = 11 (currency codes compare ignoring case); the two EUR rows only counted.
        Assert.Equal(11m, status.Spend);
        Assert.Equal(2, status.OtherCurrencyRecords);
    }

    [Fact]
    public void Add_UsesEffectiveCostAndOnlyRowsOfThePeriodUpToToday()
    {
        var tracker = new BudgetTracker([new BudgetPolicy { Name = "all", Limit = 100m }]);
        tracker.Add(Row(_april11.AddDays(-1), 1m) with { ActualCost = 3m });  // effective 3
        tracker.Add(Row(_april11.AddDays(-11), 50m));                          // 31 March: previous period
        tracker.Add(Row(_april11.AddDays(1), 70m));                            // 12 April: after today

        var status = tracker.Evaluate(_april11).Statuses[0];

        Assert.Equal(3m, status.Spend);
    }

    [Fact]
    public void Add_ScopedPolicies_EachSumsOnlyItsRows()
    {
        var tracker = new BudgetTracker(
        [
            new BudgetPolicy { Name = "global", Limit = 100m },
            new BudgetPolicy { Name = "prod", Limit = 100m, Scope = BudgetScope.Parse("tag=prod") },
            new BudgetPolicy { Name = "legal", Limit = 100m, Scope = BudgetScope.Parse("dimension:department=legal") },
            new BudgetPolicy { Name = "search", Limit = 100m, Scope = BudgetScope.For(UsageDimension.Team, "search") },
        ]);
        var day = _april11.AddDays(-1);
        tracker.Add(Row(day, 1m) with { Tags = ["prod", "prod", "beta"] });  // duplicate tag counts once
        tracker.Add(Row(day, 2m) with { Dimensions = new Dictionary<string, string> { ["department"] = "legal" } });
        tracker.Add(Row(day, 4m) with { TeamId = "search", Tags = ["prod"] });
        tracker.Add(Row(day, 8m) with { TeamId = "ads", Tags = ["beta"] });

        var report = tracker.Evaluate(_april11);

        // global 1+2+4+8 = 15; prod 1+4 = 5; legal 2; search 4.
        Assert.Equal(15m, report.Find("global")!.Spend);
        Assert.Equal(5m, report.Find("prod")!.Spend);
        Assert.Equal(2m, report.Find("legal")!.Spend);
        Assert.Equal(4m, report.Find("search")!.Spend);
        Assert.Null(report.Find("missing"));
        Assert.Equal(["global", "prod", "legal", "search"], report.Statuses.Select(s => s.Policy.Name));
    }

    [Fact]
    public void Add_RowsAroundLocalMidnight_CountInTheLocalPeriod()
    {
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var tracker = new BudgetTracker(
        [
            new BudgetPolicy { Name = "in", Limit = 100m, TimeZone = kolkata },
            new BudgetPolicy { Name = "ny", Limit = 100m, TimeZone = newYork, Period = BudgetPeriod.Daily },
        ]);
        tracker.Add(Row(new DateTimeOffset(2026, 2, 28, 18, 29, 0, TimeSpan.Zero), 1m));  // 23:59 28 Feb in Kolkata
        tracker.Add(Row(new DateTimeOffset(2026, 2, 28, 18, 30, 0, TimeSpan.Zero), 2m));  // 00:00 1 Mar in Kolkata
        tracker.Add(Row(new DateTimeOffset(2026, 3, 9, 3, 59, 0, TimeSpan.Zero), 4m));    // 23:59 EDT 8 Mar in New York
        tracker.Add(Row(new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero), 8m));     // 00:00 EDT 9 Mar in New York

        var report = tracker.Evaluate(new DateTimeOffset(2026, 3, 9, 12, 0, 0, TimeSpan.Zero));

        // Kolkata March (from 28 Feb 18:30Z): 2 + 4 + 8 = 14, the 1 belongs to February.
        // New York 9 March (04:00Z to 10 March 04:00Z): 8 only; the 4 fell on 8 March local.
        Assert.Equal(14m, report.Find("in")!.Spend);
        Assert.Equal(8m, report.Find("ny")!.Spend);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero), report.Find("ny")!.PeriodStart);
    }

    [Fact]
    public void Constructor_DuplicateNames_ThrowsNamingThem()
    {
        var exception = Assert.Throws<ArgumentException>(() => new BudgetTracker(
            [new BudgetPolicy { Name = "a", Limit = 1m }, new BudgetPolicy { Name = "a", Limit = 2m }]));

        Assert.Contains("'a'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_DifferentPolicies_Throws()
    {
        var a = new BudgetTracker([new BudgetPolicy { Name = "a", Limit = 1m }]);
        var b = new BudgetTracker([new BudgetPolicy { Name = "a", Limit = 2m }]);
        var c = new BudgetTracker([new BudgetPolicy { Name = "a", Limit = 1m, Thresholds = [50m, 80m, 95m] }]);

        Assert.Throws<ArgumentException>(() => a.Merge(b));
        Assert.Throws<ArgumentException>(() => a.Merge(a));
        a.Merge(c); // equal definitions in separate lists merge
    }

    internal static IEnumerable<UsageRecord> DailyRows(DateOnly first, int days, decimal perDay)
    {
        for (var i = 0; i < days; i++)
        {
            yield return Row(new DateTimeOffset(first.AddDays(i).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), perDay);
        }
    }

    internal static UsageRecord Row(DateTimeOffset at, decimal cost) => new() { Timestamp = at, EstimatedCost = cost };
}
