using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Budgets;

public sealed class BudgetReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_CompilesAndReports()
    {
        // The README's Budgets example, with a fake clock: 250 USD for team search on 1-5 April of a 1000 limit.
        var records = BudgetTrackerTests.DailyRows(new DateOnly(2026, 4, 1), 5, 50m).Select(r => r with { TeamId = "search" });
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 6, 0, 0, 0, TimeSpan.Zero));

        var tracker = new BudgetTracker(
        [
            new BudgetPolicy { Name = "search", Scope = BudgetScope.Parse("team=search"), Limit = 1000m },
            new BudgetPolicy { Name = "prod-daily", Scope = BudgetScope.Parse("tag=prod"), Limit = 50m,
                               Period = BudgetPeriod.Daily, TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata") },
        ]);
        tracker.AddRange(records);
        BudgetStatus search = tracker.Evaluate(clock).Find("search")!;
        var line = string.Create(CultureInfo.InvariantCulture, $"{search.PercentUsed:0.#}% used, runs out {search.RunsOutAt:u} ({search.RunwayMethod})");

        // 250 / 1000 = 25 %; 50/day leaves 750 / 50 = 15 days: 21 April 00:00Z.
        Assert.Equal("25% used, runs out 2026-04-21 00:00:00Z (PlainRate)", line);
    }
}
