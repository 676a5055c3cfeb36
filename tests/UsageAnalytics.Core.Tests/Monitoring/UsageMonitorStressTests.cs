using Microsoft.Extensions.Time.Testing;
using UsageAnalytics.Alerts;
using UsageAnalytics.Analytics;
using UsageAnalytics.Budgets;
using UsageAnalytics.Records;

namespace UsageAnalytics.Monitoring;

public sealed class UsageMonitorStressTests
{
    private const int Writers = 8;
    private const int PerWriter = 25_000;

    [Fact]
    public async Task Record_EightWritersAtOnce_TotalsEqualOneThreadAccumulator()
    {
        // Generated rows span 2026-03-27 to 2026-04-04; "now" is after them all, so every row is counted in totals.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 4, 12, 0, 0, TimeSpan.Zero));
        var rows = UsageRecordGenerator.Generate(seed: 10, Writers * PerWriter);
        BudgetPolicy[] budgets =
        [
            new() { Name = "all", Limit = 100m, Period = BudgetPeriod.Monthly(1) },
            new() { Name = "gpt-4o", Scope = BudgetScope.For(UsageDimension.Model, "gpt-4o"), Limit = 10m, Period = BudgetPeriod.Weekly(DayOfWeek.Monday) },
            new() { Name = "prod", Scope = BudgetScope.Parse("tag=prod"), Limit = 5m, Period = BudgetPeriod.Daily },
        ];
        AlertRule[] rules =
        [
            AlertRule.Create("spend", "spend > 0.01 over 7d"),
            AlertRule.Create("errors", "errors >= 1 over 24h and model = \"gpt-4o\""),
            AlertRule.Create("latency", "p95_latency_ms > 1 over 7d"),
        ];
        using var monitor = new UsageMonitor(new UsageMonitorOptions { Budgets = budgets, Rules = rules, CostUpdateInterval = Timeout.InfiniteTimeSpan }, clock);
        var oneStore = new AlertWindowStore(rules);
        foreach (var row in rows)
        {
            oneStore.Add(row);
        }

        var oneTracker = new BudgetTracker(budgets);
        oneTracker.AddRange(rows);
        var reference = new UsageAccumulator(new UsageAccumulatorOptions { GroupBy = [], TimeBuckets = [], CountDistinct = false });
        foreach (var row in rows)
        {
            reference.Add(row);
        }

        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Factory.StartNew(
            () =>
            {
                start.Wait();
                for (var i = w * PerWriter; i < (w + 1) * PerWriter; i++)
                {
                    monitor.Record(rows[i]);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        start.Set();
        await Task.WhenAll(writers);
        var snapshot = monitor.EvaluateNow();
        var expectedBudgets = oneTracker.Evaluate(clock.GetUtcNow());
        var expectedAlerts = AlertEvaluator.Evaluate(rules, new AlertRuleState(), oneStore, clock.GetUtcNow(), expectedBudgets);
        var expected = reference.ToSummary(clock.GetUtcNow()).Totals;
        var actual = snapshot.Totals.Figures;

        Assert.Equal(200_000, snapshot.Records);
        Assert.Equal(expected.Requests, actual.Requests);
        Assert.Equal(expected.Failures, actual.Failures);
        Assert.Equal(expected.EstimatedCost, actual.EstimatedCost);
        Assert.Equal(expected.ActualCost, actual.ActualCost);
        Assert.Equal(expected.EffectiveCost, actual.EffectiveCost);
        Assert.Equal(expected.PromptTokens, actual.PromptTokens);
        Assert.Equal(expected.CompletionTokens, actual.CompletionTokens);
        Assert.Equal(expected.CachedPromptTokens, actual.CachedPromptTokens);
        Assert.Equal(expected.CacheHits, actual.CacheHits);
        Assert.Equal(expected.MissingRequestIdCount, actual.MissingRequestIdCount);
        Assert.Equal(expected.LatencyMs!.Count, actual.LatencyMs!.Count);

        // Sketches merge by adding bucket counts, so the percentiles do not depend on the order rows arrived in.
        Assert.Equal(expected.LatencyMs.P95, actual.LatencyMs.P95);
        Assert.Equal(expected.TimeToFirstTokenMs!.P50, actual.TimeToFirstTokenMs!.P50);
        Assert.Equal(0, snapshot.RejectedRecords);

        // Budgets: the shards' trackers merged equal one tracker fed every row, to the last digit.
        Assert.All(expectedBudgets.Statuses, e => Assert.Equal(e.Spend, snapshot.Budgets!.Find(e.Policy.Name)!.Spend));
        Assert.All(expectedBudgets.Statuses, e => Assert.Equal(e.PercentUsed, snapshot.Budgets!.Find(e.Policy.Name)!.PercentUsed));
        Assert.Contains(expectedBudgets.Statuses, e => e.Spend > 0);

        // Alerts: every rule fires in both, with exactly the same observed values (sketches merge by adding counts).
        Assert.Equal(3, expectedAlerts.Events.Count);
        Assert.Equal(expectedAlerts.Events.Select(e => (e.RuleName, e.Kind, e.Observed)), snapshot.Alerts!.Events.Select(e => (e.RuleName, e.Kind, e.Observed)));
    }
}
