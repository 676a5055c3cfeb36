using Microsoft.Extensions.Time.Testing;
using UsageAnalytics.Budgets;

namespace UsageAnalytics.Monitoring;

public sealed class UsageMonitorBudgetTests
{
    private static readonly TimeZoneInfo _newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public async Task EvaluateNow_ThresholdsReached_EachPublishedOncePerPeriod()
    {
        // 09:00 EDT (UTC-4) on 2026-06-10; a daily budget of 10 USD with thresholds at 50% and 80%.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.FromHours(-4)));
        var policy = new BudgetPolicy { Name = "daily", Limit = 10m, Period = BudgetPeriod.Daily, TimeZone = _newYork, Thresholds = [50m, 80m] };
        var monitor = new UsageMonitor(new UsageMonitorOptions { TimeZone = _newYork, Budgets = [policy], CostUpdateInterval = Timeout.InfiniteTimeSpan }, clock);
        using var subscription = monitor.Subscribe();

        monitor.Record(UsageMonitorWindowTests.Row(clock.GetUtcNow(), 4m));
        var below = monitor.EvaluateNow();                          // 4 / 10 = 40%: nothing
        monitor.Record(UsageMonitorWindowTests.Row(clock.GetUtcNow(), 1.5m));
        monitor.EvaluateNow();                                      // 5.5 / 10 = 55%: 50
        monitor.EvaluateNow();                                      // unchanged: nothing
        monitor.Record(UsageMonitorWindowTests.Row(clock.GetUtcNow(), 3m));
        var high = monitor.EvaluateNow();                           // 8.5 / 10 = 85%: 80
        clock.Advance(TimeSpan.FromDays(1));
        monitor.Record(UsageMonitorWindowTests.Row(clock.GetUtcNow(), 6m));
        monitor.EvaluateNow();                                      // a new day: 6 / 10 = 60%: 50 again
        await monitor.DisposeAsync();
        var crossed = (await UsageMonitorEventTests.ReadAll(subscription)).OfType<BudgetThresholdCrossedEvent>().ToList();

        Assert.Equal(40m, below.Budgets!.Find("daily")!.PercentUsed);
        Assert.Equal(8.5m, high.Budgets!.Find("daily")!.Spend);
        Assert.Equal([50m, 80m, 50m], crossed.Select(e => e.Threshold));
        Assert.Equal(55m, crossed[0].Status.PercentUsed);
        Assert.Equal(new DateTimeOffset(2026, 6, 11, 0, 0, 0, TimeSpan.FromHours(-4)), crossed[2].Status.PeriodStart);
    }

    [Fact]
    public void Constructor_BudgetInAnotherCurrency_ThrowsNamingIt()
    {
        var policy = new BudgetPolicy { Name = "eur", Limit = 10m, Currency = "EUR" };

        var error = Assert.Throws<ArgumentException>(() => new UsageMonitor(new UsageMonitorOptions { Budgets = [policy] }));

        Assert.Contains("eur", error.Message, StringComparison.Ordinal);
    }
}
