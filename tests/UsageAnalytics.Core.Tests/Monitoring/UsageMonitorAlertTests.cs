using Microsoft.Extensions.Time.Testing;
using UsageAnalytics.Alerts;

namespace UsageAnalytics.Monitoring;

public sealed class UsageMonitorAlertTests
{
    private static readonly DateTimeOffset _start = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EvaluateNow_RuleTrueThenFalse_FiresThenResolvesWithObservedValues()
    {
        var clock = new FakeTimeProvider(_start);
        var rule = AlertRule.Create("burst", "spend > 1 over 5m", AlertSeverity.Critical);
        var monitor = new UsageMonitor(new UsageMonitorOptions { Rules = [rule], CostUpdateInterval = Timeout.InfiniteTimeSpan }, clock);
        using var subscription = monitor.Subscribe();

        monitor.Record(UsageMonitorWindowTests.Row(_start, 0.75m));
        monitor.EvaluateNow();                                  // 0.75 > 1 is false: nothing
        monitor.Record(UsageMonitorWindowTests.Row(_start, 0.5m));
        clock.Advance(TimeSpan.FromMinutes(1));
        monitor.EvaluateNow();                                  // 0.75 + 0.5 = 1.25 > 1: fired
        monitor.EvaluateNow();                                  // unchanged: nothing
        clock.Advance(TimeSpan.FromMinutes(10));
        var resolved = monitor.EvaluateNow();                   // the rows left the 5-minute window: resolved
        await monitor.DisposeAsync();
        var alerts = (await UsageMonitorEventTests.ReadAll(subscription)).OfType<AlertMonitorEvent>().ToList();

        Assert.Equal(2, alerts.Count);
        Assert.Equal(AlertEventKind.Fired, alerts[0].Alert.Kind);
        Assert.Equal("burst", alerts[0].Alert.RuleName);
        Assert.Equal(AlertSeverity.Critical, alerts[0].Alert.Severity);
        Assert.Equal(1.25, alerts[0].Alert.Observed);
        Assert.Equal(1d, alerts[0].Alert.Threshold);
        Assert.Equal(_start.AddMinutes(1), alerts[0].At);
        Assert.Equal(AlertEventKind.Resolved, alerts[1].Alert.Kind);
        Assert.Equal(_start.AddMinutes(11), alerts[1].At);

        // Nothing was spent in the window 11:06–11:11 after the rows left it.
        Assert.Equal(0d, alerts[1].Alert.Observed);
        Assert.Equal(TimeSpan.FromMinutes(5), alerts[1].Alert.Window);
        Assert.NotNull(resolved.Alerts);
    }

    [Fact]
    public async Task AlertState_SavedAndResumed_StillFiringRuleIsNotAnnouncedAgain()
    {
        var clock = new FakeTimeProvider(_start);
        var rule = AlertRule.Create("burst", "spend > 1 over 5m");
        var options = new UsageMonitorOptions { Rules = [rule], CostUpdateInterval = Timeout.InfiniteTimeSpan };
        string saved;
        using (var before = new UsageMonitor(options, clock))
        {
            before.Record(UsageMonitorWindowTests.Row(_start, 2m));
            before.EvaluateNow(); // 2 > 1: fired
            saved = before.GetAlertStateJson();
        }

        // The restarted host replays the same rows and resumes from the saved state.
        var after = new UsageMonitor(options with { AlertState = AlertRuleState.FromJson(saved) }, clock);
        using var subscription = after.Subscribe();
        after.Record(UsageMonitorWindowTests.Row(_start, 2m));
        var still = after.EvaluateNow();                         // still firing: no second "fired"
        clock.Advance(TimeSpan.FromMinutes(10));
        after.EvaluateNow();                                      // the row left the window: resolved
        await after.DisposeAsync();
        var alerts = (await UsageMonitorEventTests.ReadAll(subscription)).OfType<AlertMonitorEvent>().ToList();

        Assert.Equal(AlertStatus.Firing, still.Alerts!.Results[0].Status);
        Assert.Equal(AlertEventKind.Resolved, Assert.Single(alerts).Alert.Kind);
    }
}
