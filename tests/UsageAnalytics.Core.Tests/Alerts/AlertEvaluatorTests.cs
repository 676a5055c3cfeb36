using UsageAnalytics.Budgets;
using UsageAnalytics.Records;

namespace UsageAnalytics.Alerts;

public sealed class AlertEvaluatorTests
{
    private static readonly DateTimeOffset _ten = new(2026, 4, 10, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] _metrics =
    [
        "spend", "requests", "errors", "error_rate", "tokens", "input_tokens", "output_tokens", "p50_latency_ms",
        "p99_latency_ms", "p50_ttft_ms", "cache_hit_rate", "actual_cost_coverage",
    ];

    [Fact]
    public void Evaluate_EveryWindowMetric_ObservedValuesWorkedOut()
    {
        var rules = _metrics.Select(m => AlertRule.Create(m, m + " > 0 over 10m")).ToList();
        var store = new AlertWindowStore(rules);
        store.AddRange(FourRows());

        var evaluation = AlertEvaluator.Evaluate(rules, new AlertRuleState(), store, _ten.AddMinutes(5));

        var observed = evaluation.Results.ToDictionary(r => r.Rule.Name, r => r.Comparisons[0].Observed);
        Assert.Equal(4.5, observed["spend"]); // 1.50 actual + 2.00 + 0.50 + 0.50 actual
        Assert.Equal(4, observed["requests"]);
        Assert.Equal(1, observed["errors"]);
        Assert.Equal(0.25, observed["error_rate"]); // 1 / 4
        Assert.Equal(135, observed["tokens"]); // inputs 10+20+30+40 = 100, outputs 5+10+0+20 = 35
        Assert.Equal(100, observed["input_tokens"]);
        Assert.Equal(35, observed["output_tokens"]);
        Assert.Equal(200, observed["p50_latency_ms"]!.Value, 200 * 0.02); // successful only: 100, 200, 300 (not the failed 5000)
        Assert.Equal(300, observed["p99_latency_ms"]!.Value, 300 * 0.02);
        Assert.Equal(60, observed["p50_ttft_ms"]!.Value, 60 * 0.02); // 50, 60, 70
        Assert.Equal(0.25, observed["cache_hit_rate"]); // 1 hit of 4
        Assert.Equal(0.5, observed["actual_cost_coverage"]); // 2 actualized of 4
        Assert.All(evaluation.Results, r => Assert.Equal(AlertStatus.Firing, r.Status));
        Assert.Equal(_metrics.Length, evaluation.Events.Count);
    }

    [Fact]
    public void Evaluate_NoRowsInWindow_RateIsNullAndFalse_CountIsZero()
    {
        var rules = new[] { AlertRule.Create("rate", "error_rate < 1 over 5m"), AlertRule.Create("count", "requests < 1 over 5m") };
        var store = new AlertWindowStore(rules);

        var evaluation = AlertEvaluator.Evaluate(rules, new AlertRuleState(), store, _ten);

        Assert.Null(evaluation.Results[0].Comparisons[0].Observed);
        Assert.False(evaluation.Results[0].IsTrue);
        Assert.Equal(0, evaluation.Results[1].Comparisons[0].Observed);
        Assert.True(evaluation.Results[1].IsTrue);
    }

    [Fact]
    public void Evaluate_Over5m_ExactToTheMinute()
    {
        var rules = new[] { AlertRule.Create("r", "requests >= 2 over 5m") };
        var store = new AlertWindowStore(rules);
        store.Add(Row(_ten.AddMinutes(1).AddSeconds(59)));
        store.Add(Row(_ten.AddMinutes(2)));
        store.Add(Row(_ten.AddMinutes(7).AddSeconds(10)));

        var result = AlertEvaluator.Evaluate(rules, new AlertRuleState(), store, _ten.AddMinutes(7).AddSeconds(30)).Results[0];

        // now 10:07:30: five whole minutes 10:02–10:07 plus the current partial minute; 10:01:59 is outside.
        Assert.Equal(2, result.Comparisons[0].Observed);
        Assert.Equal(_ten.AddMinutes(2), result.Comparisons[0].WindowStart);
        Assert.Equal(_ten.AddMinutes(7).AddSeconds(30), result.Comparisons[0].WindowEnd);
    }

    [Fact]
    public void Evaluate_Over1d_WholeHoursPlusCurrentHour()
    {
        var rules = new[] { AlertRule.Create("r", "requests > 0 over 1d") };
        var store = new AlertWindowStore(rules);
        store.Add(Row(_ten.AddMinutes(-1)));
        store.Add(Row(_ten));
        store.Add(Row(_ten.AddDays(1).AddMinutes(20)));

        var result = AlertEvaluator.Evaluate(rules, new AlertRuleState(), store, _ten.AddDays(1).AddMinutes(30)).Results[0];

        // now 11 April 10:30: 24 whole hours from 10 April 10:00 plus 10:00–10:30; 09:59 the day before is outside.
        Assert.Equal(2, result.Comparisons[0].Observed);
        Assert.Equal(_ten, result.Comparisons[0].WindowStart);
    }

    [Fact]
    public void Evaluate_DailySpendInKolkata_SinceLocalMidnight()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var rules = new[] { AlertRule.Create("r", "daily_spend > 1") };
        var store = new AlertWindowStore(rules, zone);
        var midnight = new DateTimeOffset(2026, 4, 10, 18, 30, 0, TimeSpan.Zero); // 11 April 00:00 +05:30
        store.Add(Row(midnight.AddMinutes(-1), cost: 3m));
        store.Add(Row(midnight.AddMinutes(1), cost: 2m));

        var result = AlertEvaluator.Evaluate(rules, new AlertRuleState(), store, midnight.AddHours(1.5)).Results[0];

        // Only the 2 USD after local midnight count; the 3 USD at 23:59 local belong to 10 April.
        Assert.Equal(2, result.Comparisons[0].Observed);
        Assert.Equal(midnight, result.Comparisons[0].WindowStart);
        Assert.True(result.IsTrue);
    }

    [Fact]
    public void Evaluate_ScopedRule_CountsOnlyMatchingRows()
    {
        var rules = new[] { AlertRule.Create("r", "model = \"a\" and tag = \"prod\" and requests > 0 over 5m") };
        var store = new AlertWindowStore(rules);
        store.Add(Row(_ten) with { Model = "a", Tags = ["prod"] });
        store.Add(Row(_ten) with { Model = "a" });
        store.Add(Row(_ten) with { Model = "b", Tags = ["prod"] });

        var result = AlertEvaluator.Evaluate(rules, new AlertRuleState(), store, _ten.AddMinutes(1)).Results[0];

        Assert.Equal(1, result.Comparisons[0].Observed);
    }

    [Fact]
    public void Evaluate_BudgetPercentUsed_NamedAndHighest()
    {
        var policies = new[] { new BudgetPolicy { Name = "small", Limit = 100m }, new BudgetPolicy { Name = "big", Limit = 1000m } };
        var report = BudgetTracker.Evaluate([Row(_ten, cost: 85m)], policies, _ten.AddHours(1));
        var rules = new[]
        {
            AlertRule.Create("highest", "budget_percent_used >= 80"),
            AlertRule.Create("big", "budget = \"big\" and budget_percent_used >= 80"),
        };
        var store = new AlertWindowStore(rules);

        var evaluation = AlertEvaluator.Evaluate(rules, new AlertRuleState(), store, _ten.AddHours(1), report);

        Assert.Equal(85, evaluation.Results[0].Comparisons[0].Observed); // 85 / 100
        Assert.True(evaluation.Results[0].IsTrue);
        Assert.Equal(8.5, evaluation.Results[1].Comparisons[0].Observed); // 85 / 1000
        Assert.False(evaluation.Results[1].IsTrue);
    }

    [Fact]
    public void Evaluate_Transitions_FireOnceResolveThenOkAndRefire()
    {
        var rules = new[] { AlertRule.Create("errs", "errors > 0 over 5m", AlertSeverity.Critical) };
        var store = new AlertWindowStore(rules);
        var state = new AlertRuleState();
        store.Add(Row(_ten, failed: true));

        var fired = AlertEvaluator.Evaluate(rules, state, store, _ten.AddMinutes(1));
        var again = AlertEvaluator.Evaluate(rules, state, store, _ten.AddMinutes(2));
        var resolved = AlertEvaluator.Evaluate(rules, state, store, _ten.AddMinutes(10));
        var ok = AlertEvaluator.Evaluate(rules, state, store, _ten.AddMinutes(11));
        store.Add(Row(_ten.AddMinutes(20), failed: true));
        var refired = AlertEvaluator.Evaluate(rules, state, store, _ten.AddMinutes(20));
        var resolvedAgain = AlertEvaluator.Evaluate(rules, state, store, _ten.AddMinutes(30));
        store.Add(Row(_ten.AddMinutes(31), failed: true));
        var fromResolved = AlertEvaluator.Evaluate(rules, state, store, _ten.AddMinutes(31));

        var fire = Assert.Single(fired.Events);
        Assert.Equal(AlertEventKind.Fired, fire.Kind);
        Assert.Equal(AlertSeverity.Critical, fire.Severity);
        Assert.Equal(1, fire.Observed);
        Assert.Equal(0, fire.Threshold);
        Assert.Equal(_ten.AddMinutes(-4), fire.WindowStart); // 10:01 minus 5 whole minutes
        Assert.Contains("errs", fire.Message, StringComparison.Ordinal);
        Assert.Empty(again.Events);
        Assert.Equal(AlertStatus.Firing, again.Results[0].Status);
        Assert.Equal(AlertEventKind.Resolved, Assert.Single(resolved.Events).Kind);
        Assert.Equal(AlertStatus.Resolved, resolved.Results[0].Status);
        Assert.Empty(ok.Events);
        Assert.Equal(AlertStatus.Ok, ok.Results[0].Status);
        Assert.Equal(AlertEventKind.Fired, Assert.Single(refired.Events).Kind);
        Assert.Equal(AlertStatus.Resolved, resolvedAgain.Results[0].Status);
        Assert.Equal(AlertEventKind.Fired, Assert.Single(fromResolved.Events).Kind);
        Assert.Equal(_ten.AddMinutes(31), state.GetSince("errs"));
    }

    internal static UsageRecord Row(DateTimeOffset at, decimal cost = 1m, bool failed = false) =>
        new() { Timestamp = at, EstimatedCost = cost, Status = failed ? "failure" : "success", PromptTokens = 1 };

    internal static UsageRecord[] FourRows() =>
    [
        new() { Timestamp = _ten, LatencyMs = 100, TimeToFirstTokenMs = 50, PromptTokens = 10, CompletionTokens = 5, EstimatedCost = 1m, ActualCost = 1.5m, CacheHit = true },
        new() { Timestamp = _ten.AddMinutes(1), LatencyMs = 200, TimeToFirstTokenMs = 60, PromptTokens = 20, CompletionTokens = 10, EstimatedCost = 2m, CacheHit = false },
        new() { Timestamp = _ten.AddMinutes(2), Status = "failure", LatencyMs = 5000, PromptTokens = 30, EstimatedCost = 0.5m },
        new() { Timestamp = _ten.AddMinutes(4), LatencyMs = 300, TimeToFirstTokenMs = 70, PromptTokens = 40, CompletionTokens = 20, EstimatedCost = 1m, ActualCost = 0.5m },
    ];
}
