using UsageAnalytics.Alerts;
using UsageAnalytics.Budgets;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

public sealed class MonitoringReportTests
{
    private static readonly DateTimeOffset _now = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WriteBudgets_DailyBudget_PrintsSpendPercentProjectionAndRunway()
    {
        var policy = new BudgetPolicy { Name = "search-daily", Scope = BudgetScope.Parse("team=search"), Limit = 10m, Period = BudgetPeriod.Daily };
        var report = BudgetTracker.Evaluate(Rows(), [policy], _now);
        using var output = new StringWriter();

        MonitoringReport.WriteBudgets(output, report);

        // Spend 1.5 + 2.5 = 4 of 10 (40.0%) in the 6 h since midnight: 4 / 0.25 day = 16/day; projected 4 + 16 x 18/24 = 16;
        // the 6 left run out in 6 / 16 day = 9 h, at 15:00. The other team's 100 is outside the scope.
        var line = Assert.Single(output.ToString().Split('\n'), l => l.StartsWith("search-daily", StringComparison.Ordinal));
        Assert.Contains("team=search", line, StringComparison.Ordinal);
        Assert.Contains(" day ", line, StringComparison.Ordinal);
        Assert.Contains("4.000000", line, StringComparison.Ordinal);
        Assert.Contains("10.000000", line, StringComparison.Ordinal);
        Assert.Contains("40.0%", line, StringComparison.Ordinal);
        Assert.Contains("16.000000", line, StringComparison.Ordinal);
        Assert.Contains("2026-03-02 15:00 (plain rate)", line, StringComparison.Ordinal);
        Assert.EndsWith("no", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteBudgets_RunwayAfterThePeriodEndAndExceeded_SaidSo()
    {
        // "slow": 4 of 100 in 6 h of the day: 16/day; the 96 left last 6 days, past midnight: after reset.
        // "over": the other team's 100 of 50 is exceeded.
        var slow = new BudgetPolicy { Name = "slow", Scope = BudgetScope.Parse("team=search"), Limit = 100m, Period = BudgetPeriod.Daily };
        var over = new BudgetPolicy { Name = "over", Limit = 50m, Period = BudgetPeriod.Daily };
        var report = BudgetTracker.Evaluate(Rows(), [slow, over], _now);
        using var output = new StringWriter();

        MonitoringReport.WriteBudgets(output, report);

        var lines = output.ToString().Split('\n');
        Assert.Contains("2026-03-08 06:00 (plain rate, after reset)", Assert.Single(lines, l => l.StartsWith("slow", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("exceeded (plain rate)", Assert.Single(lines, l => l.StartsWith("over", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteBudgets_NoBudgets_SaysSo()
    {
        using var output = new StringWriter();

        MonitoringReport.WriteBudgets(output, BudgetTracker.Evaluate([], [], _now));

        Assert.Contains("== budgets ==", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("(no budgets in UsageAnalytics:Monitoring:Budgets)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAlerts_RuleTrueOnTheRows_PrintsTheRuleAndItsFiredEvent()
    {
        // Spend over the last 6 h: 1.5 + 2.5 + 100 = 104 > 50 fires; the search team's 4 is not > 5, so that rule stays Ok.
        AlertRule[] rules =
        [
            AlertRule.Create("big-spend", "spend > 50 over 6h", AlertSeverity.Critical),
            AlertRule.Create("search-spend", "spend > 5 over 6h and team = \"search\""),
        ];
        using var output = new StringWriter();

        MonitoringReport.WriteAlerts(output, Rows(), rules, TimeZoneInfo.Utc, BudgetTracker.Evaluate([], [], _now), _now);

        var text = output.ToString();
        Assert.Contains("== alerts ==", text, StringComparison.Ordinal);
        Assert.Contains("events (1,", text, StringComparison.Ordinal);
        var fired = Assert.Single(text.Split('\n'), l => l.StartsWith("  FIRED", StringComparison.Ordinal));
        Assert.Contains("Critical", fired, StringComparison.Ordinal);
        Assert.Contains("big-spend", fired, StringComparison.Ordinal);
        Assert.DoesNotContain("search-spend:", text, StringComparison.Ordinal);
    }

    private static UsageRecord[] Rows() =>
    [
        Row(_now.AddHours(-4), "search", 1.5m),
        Row(_now.AddHours(-2), "search", 2.5m),
        Row(_now.AddHours(-1), "voice", 100m),
    ];

    private static UsageRecord Row(DateTimeOffset at, string team, decimal cost) => new()
    {
        RequestId = "r-" + at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        Timestamp = at,
        Model = "gpt-4o",
        Status = "success",
        TeamId = team,
        EstimatedCost = cost,
        LatencyMs = 1000,
    };
}
