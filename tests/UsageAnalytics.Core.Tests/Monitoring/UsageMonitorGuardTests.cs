using Microsoft.Extensions.Time.Testing;
using UsageAnalytics.Alerts;
using UsageAnalytics.Budgets;

namespace UsageAnalytics.Monitoring;

public sealed class UsageMonitorGuardTests
{
    private static readonly DateTimeOffset _start = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Record_RowFromTheFuture_CountedAndKeptOutOfEveryWindow()
    {
        var clock = new FakeTimeProvider(_start);
        var options = new UsageMonitorOptions
        {
            CostUpdateInterval = Timeout.InfiniteTimeSpan,
            Budgets = [new BudgetPolicy { Name = "all", Limit = 100m, Period = BudgetPeriod.Daily }],
            Rules = [AlertRule.Create("spend", "spend > 1 over 1h")],
        };
        using var monitor = new UsageMonitor(options, clock);

        monitor.Record(UsageMonitorWindowTests.Row(_start, 2m));
        monitor.Record(UsageMonitorWindowTests.Row(_start.AddMinutes(4), 4m));  // 4 min ahead: within the 5-min skew
        monitor.Record(UsageMonitorWindowTests.Row(_start.AddDays(400), 1000m)); // a year ahead: refused
        monitor.Record(UsageMonitorWindowTests.Row(_start.AddMinutes(1), 8m));   // still counted after it
        clock.Advance(TimeSpan.FromMinutes(5)); // 12:05: the alert window 11:05–12:05 holds every accepted row
        var snapshot = monitor.EvaluateNow();

        // 2 + 4 + 8 = 14 everywhere; the far-future row moved no window and is only counted.
        Assert.Equal(1, snapshot.FutureRecords);
        Assert.Equal(3, snapshot.Records);
        Assert.Equal(14m, snapshot.Totals.Figures.EffectiveCost);
        Assert.Equal(14m, snapshot.Budgets!.Find("all")!.Spend);
        Assert.Equal(14d, snapshot.Alerts!.Results[0].Comparisons[0].Observed);
    }

    [Fact]
    public void Validate_NegativeClockSkew_Throws()
    {
        var options = new UsageMonitorOptions { MaxClockSkew = TimeSpan.FromSeconds(-1) };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal("MaxClockSkew", error.ParamName);
    }

    [Fact]
    public void Timer_EvaluationThrows_CountedWithTheErrorAndTheTimerGoesOn()
    {
        var clock = new FailingClock(_start);
        using var monitor = new UsageMonitor(new UsageMonitorOptions { CostUpdateInterval = TimeSpan.FromSeconds(10) }, clock);

        clock.Fail = true;
        clock.Advance(TimeSpan.FromSeconds(10)); // tick 1 reads the clock and throws
        clock.Advance(TimeSpan.FromSeconds(10)); // tick 2 too: the timer was not stopped by the first failure
        clock.Fail = false;
        var snapshot = monitor.GetSnapshot();

        Assert.Equal(2, snapshot.FailedEvaluations);
        Assert.IsType<InvalidOperationException>(snapshot.LastEvaluationError);
        Assert.Equal("clock failure", snapshot.LastEvaluationError!.Message);
    }

    private sealed class FailingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public bool Fail { get; set; }

        public override DateTimeOffset GetUtcNow() => Fail ? throw new InvalidOperationException("clock failure") : base.GetUtcNow();
    }
}
