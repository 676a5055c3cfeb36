using UsageAnalytics.Alerts;
using UsageAnalytics.Analytics;
using UsageAnalytics.Budgets;
using UsageAnalytics.Monitoring;

namespace UsageAnalytics.Benchmarks;

/// <summary>The monitor configuration of the "full" rows of <see cref="MonitorRunner"/>: 3 budgets (global monthly,
/// one model weekly, one team daily) and 3 alert rules.</summary>
internal static class MonitorBenchmarkSetup
{
    public const string Label = "3 budgets + 3 rules + subscriber";

    public static UsageMonitorOptions Full() => new()
    {
        Budgets =
        [
            new BudgetPolicy { Name = "all", Limit = 50_000m },
            new BudgetPolicy { Name = "gpt-4o", Scope = BudgetScope.For(UsageDimension.Model, "gpt-4o"), Limit = 5_000m, Period = BudgetPeriod.Weekly(DayOfWeek.Monday) },
            new BudgetPolicy { Name = "team-1", Scope = BudgetScope.Parse("team=team-1"), Limit = 100m, Period = BudgetPeriod.Daily },
        ],
        Rules =
        [
            AlertRule.Create("hourly spend", "spend > 100 over 1h"),
            AlertRule.Create("error rate", "error_rate > 0.05 over 5m and model = \"gpt-4o\""),
            AlertRule.Create("slow", "p95_latency_ms > 5000 over 15m"),
        ],
    };
}
