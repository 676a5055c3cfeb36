using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Budgets;

public sealed class BudgetTrackerLawTests
{
    private static readonly TimeZoneInfo _newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Merge_OfRandomParts_EqualsAddingAllRowsToOneTracker(int seed)
    {
        var rows = Rows(seed);
        var random = new Random(seed);
        var whole = new BudgetTracker(Policies());
        whole.AddRange(rows);
        var parts = new[] { new BudgetTracker(Policies()), new BudgetTracker(Policies()), new BudgetTracker(Policies()) };
        foreach (var row in rows)
        {
            parts[random.Next(parts.Length)].Add(row);
        }

        parts[2].Merge(parts[0]);
        parts[1].Merge(parts[2]);

        foreach (var now in new[] { TestClock.Now, TestClock.Now.AddDays(-6), TestClock.Now.AddDays(20) })
        {
            Assert.Equal(Snapshot(whole.Evaluate(now)), Snapshot(parts[1].Evaluate(now)));
        }

        // The global policy saw rows, so the comparison compared something.
        Assert.NotEqual(0m, whole.Evaluate(TestClock.Now).Statuses[0].Spend);
    }

    [Fact]
    public void Add_RowsInAnyOrder_GivesTheSameReport()
    {
        var rows = Rows(7);
        var forward = new BudgetTracker(Policies());
        forward.AddRange(rows);
        var backward = new BudgetTracker(Policies());
        backward.AddRange(Enumerable.Reverse(rows));

        Assert.Equal(Snapshot(forward.Evaluate(TestClock.Now)), Snapshot(backward.Evaluate(TestClock.Now)));
    }

    [Fact]
    public void Evaluate_5000Policies_EachScopeGetsOnlyItsRows()
    {
        // Even i: team-i; odd i: tag t-i. Policy i receives i % 7 + 1 rows of 1 USD, so its spend is i % 7 + 1.
        var policies = new List<BudgetPolicy>();
        var rows = new List<UsageRecord>();
        var at = TestClock.Now.AddHours(-1);
        for (var i = 0; i < 5000; i++)
        {
            var name = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            policies.Add(new BudgetPolicy
            {
                Name = "p" + name,
                Limit = 10m,
                Scope = i % 2 == 0 ? BudgetScope.For(UsageDimension.Team, "team-" + name) : BudgetScope.For(UsageDimension.Tag, "t-" + name),
            });
            for (var r = 0; r <= i % 7; r++)
            {
                rows.Add(i % 2 == 0
                    ? new UsageRecord { Timestamp = at, EstimatedCost = 1m, TeamId = "team-" + name, Tags = ["unrelated"] }
                    : new UsageRecord { Timestamp = at, EstimatedCost = 1m, TeamId = "nobody", Tags = ["x", "t-" + name] });
            }
        }

        var report = BudgetTracker.Evaluate(rows, policies, TestClock.Now);

        Assert.Equal(5000, report.Statuses.Count);
        for (var i = 0; i < 5000; i++)
        {
            Assert.Equal(i % 7 + 1, report.Statuses[i].Spend);
        }
    }

    [Fact]
    public void Evaluate_RowJustPastTheMonthEnd_CurrentMonthKept()
    {
        // Reviewer's case: 100 on 2 Jan + 10 on 20 Jan; a row stamped 1 Feb 00:01 (3 minutes after "now", clock skew)
        // used to move the cut-off to 1 Feb - 28 days = 4 Jan and drop the 100 of the month still current.
        var tracker = new BudgetTracker([new BudgetPolicy { Name = "all", Limit = 1000m }]);
        tracker.Add(new UsageRecord { Timestamp = new DateTimeOffset(2026, 1, 2, 12, 0, 0, TimeSpan.Zero), EstimatedCost = 100m });
        tracker.Add(new UsageRecord { Timestamp = new DateTimeOffset(2026, 1, 20, 12, 0, 0, TimeSpan.Zero), EstimatedCost = 10m });
        tracker.Add(new UsageRecord { Timestamp = new DateTimeOffset(2026, 2, 1, 0, 1, 0, TimeSpan.Zero), EstimatedCost = 1m });

        var status = tracker.Evaluate(new DateTimeOffset(2026, 1, 31, 23, 58, 0, TimeSpan.Zero)).Statuses[0];

        Assert.Equal(110m, status.Spend); // 100 + 10; the February row is not in January's period
    }

    [Theory]
    [InlineData("month", 31 + 31 + 28)] // the current and the previous period (at most 31 days each) plus 28 days
    [InlineData("week", 7 + 7 + 28)]
    [InlineData("day", 1 + 1 + 28)]
    public void Add_100DaysOfRows_KeepsAtMostTwoPeriodsPlus28Days(string period, int bound)
    {
        var tracker = new BudgetTracker([new BudgetPolicy { Name = "all", Limit = 1000m, Period = BudgetPeriod.Parse(period), TimeZone = _newYork }]);
        var start = new DateTimeOffset(2026, 1, 1, 15, 0, 0, TimeSpan.Zero);
        var most = 0;
        for (var day = 0; day < 100; day++)
        {
            tracker.Add(new UsageRecord { Timestamp = start.AddDays(day), EstimatedCost = 1m });
            most = Math.Max(most, tracker.RetainedDays(0));
        }

        var status = tracker.Evaluate(start.AddDays(100)).Statuses[0];

        Assert.InRange(most, bound - 10, bound);
        Assert.Equal(BudgetRunwayMethod.WeekdayAware, status.RunwayMethod);
        Assert.Equal(1m, status.BurnRatePerDay);
    }

    private static List<UsageRecord> Rows(int seed)
    {
        var rows = UsageRecordGenerator.Generate(seed, 2000);

        // Shift some rows two months back (pruned history) and some into EUR (counted, not summed).
        for (var i = 0; i < rows.Count; i += 9)
        {
            rows[i] = rows[i] with { Timestamp = rows[i].Timestamp.AddDays(-60) };
        }

        for (var i = 4; i < rows.Count; i += 13)
        {
            rows[i] = rows[i] with { Currency = "EUR" };
        }

        return rows;
    }

    private static List<BudgetPolicy> Policies() =>
    [
        new() { Name = "global", Limit = 5m },
        new() { Name = "prod", Limit = 1m, Scope = BudgetScope.Parse("tag=prod"), Period = BudgetPeriod.Daily, TimeZone = _newYork },
        new() { Name = "red", Limit = 2m, Scope = BudgetScope.Parse("team=red"), Period = BudgetPeriod.Weekly(DayOfWeek.Sunday) },
        new() { Name = "gpt", Limit = 3m, Scope = BudgetScope.Parse("model=gpt-4o"), TimeZone = _newYork },
        new() { Name = "d1", Limit = 1m, Scope = BudgetScope.Parse("dimension:department=d1"), Period = BudgetPeriod.Monthly(31) },
        new() { Name = "eur", Limit = 1m, Currency = "EUR" },
    ];

    private static List<string> Snapshot(BudgetReport report) =>
        [.. report.Statuses.Select(s => string.Join(
            "|",
            s.Policy.Name,
            s.Spend,
            s.OtherCurrencyRecords,
            s.RunwayMethod,
            s.BurnRatePerDay,
            s.ProjectedSpend,
            s.RunsOutAt?.UtcTicks,
            s.PeriodStart.UtcTicks,
            string.Join(",", s.ThresholdsCrossed)))];
}
