using UsageAnalytics.Analytics;

namespace UsageAnalytics.Alerts;

public sealed class AlertConditionTests
{
    [Theory]
    [InlineData("daily_spend > 100", AlertMetric.DailySpend, AlertOperator.GreaterThan, 100d, "daily_spend > 100")]
    [InlineData("error_rate > 0.05", AlertMetric.ErrorRate, AlertOperator.GreaterThan, 0.05d, "error_rate > 0.05 over 1h")]
    [InlineData("requests >= 10000", AlertMetric.Requests, AlertOperator.GreaterThanOrEqual, 10000d, "requests >= 10000 over 1h")]
    [InlineData("p95_latency_ms >= 3000", AlertMetric.P95LatencyMs, AlertOperator.GreaterThanOrEqual, 3000d, "p95_latency_ms >= 3000 over 1h")]
    [InlineData("TOKENS = 1e3 OVER 5M", AlertMetric.Tokens, AlertOperator.Equal, 1000d, "tokens == 1000 over 5m")]
    public void Parse_ExampleConditions_ParseAsWritten(string text, AlertMetric metric, AlertOperator op, double threshold, string normalized)
    {
        var condition = AlertCondition.Parse(text);

        var comparison = Assert.Single(condition.Comparisons);
        Assert.Equal(metric, comparison.Metric);
        Assert.Equal(op, comparison.Operator);
        Assert.Equal(threshold, comparison.Threshold);
        Assert.Equal(string.Empty, comparison.Scope);
        Assert.Equal(text, condition.Text);
        Assert.Equal(normalized, condition.ToString());
        Assert.Equal(normalized, AlertCondition.Parse(normalized).ToString());
    }

    [Fact]
    public void Parse_ScopeWindowAndOrParentheses_ScopeReachesNestedComparisons()
    {
        var condition = AlertCondition.Parse(
            "model = \"gpt-4o\" and (p95_latency_ms > 3000 over 5m or error_rate >= 0.1 over 2d) or team = \"se\\\"arch\" and spend > 5");

        Assert.Equal(3, condition.Comparisons.Count);
        Assert.Equal(TimeSpan.FromMinutes(5), condition.Comparisons[0].Window);
        Assert.Equal("model=\"gpt-4o\"", condition.Comparisons[0].Scope);
        Assert.Equal(TimeSpan.FromDays(2), condition.Comparisons[1].Window);
        Assert.Equal("model=\"gpt-4o\"", condition.Comparisons[1].Scope);
        Assert.Equal("team=\"se\\\"arch\"", condition.Comparisons[2].Scope);
        Assert.Equal(TimeSpan.FromHours(1), condition.Comparisons[2].Window);
        Assert.Equal(
            "model=\"gpt-4o\" and (p95_latency_ms > 3000 over 5m or error_rate >= 0.1 over 2d) or team=\"se\\\"arch\" and spend > 5 over 1h",
            condition.ToString());
    }

    [Fact]
    public void Parse_CustomDimensionTagAndBudget_AllApply()
    {
        var condition = AlertCondition.Parse("dimension:department = \"legal\" and tag = \"prod\" and spend > 1");
        var budget = AlertCondition.Parse("budget = \"monthly\" and budget_percent_used >= 80");

        Assert.Equal("dimension:department=\"legal\" and tag=\"prod\"", condition.Comparisons[0].Scope);
        Assert.Equal("monthly", budget.Comparisons[0].Budget);
    }

    [Theory]
    [InlineData("latency > 5", 0, "a metric or a dimension", "latency")]
    [InlineData("spend >> 5", 7, "a number", ">")]
    [InlineData("spend ~ 5", 6, "an operator (>, >=, <, <=, ==, !=)", "~")]
    [InlineData("spend >", 7, "a number", null)]
    [InlineData("spend > 10_000", 8, "a number", "10_000")]
    [InlineData("spend > 5 over 0h", 15, "a window from 1m to 31d (digits then m, h or d)", "0h")]
    [InlineData("spend > 5 over 40d", 15, "a window from 1m to 31d (digits then m, h or d)", "40d")]
    [InlineData("spend > 5 over 5s", 15, "a window from 1m to 31d (digits then m, h or d)", "5s")]
    [InlineData("daily_spend > 5 over 1h", 16, "no 'over' window for daily_spend", "over")]
    [InlineData("model = \"gpt and spend > 1", 8, "a closing '\"' for the string", null)]
    [InlineData("spend > 1 and", 13, "'(', a metric or a dimension", null)]
    [InlineData("(spend > 1", 10, "')' closing the '(' at position 0", null)]
    [InlineData("spend > 1)", 9, "end of text (unbalanced ')')", ")")]
    [InlineData("model = \"a\" or spend > 1", 0, "a comparison in the conjunction of this scope", "model=\"a\"")]
    [InlineData("model = \"a\"", 0, "a comparison in the conjunction of this scope", "model=\"a\"")]
    [InlineData("model = \"a\" and (model = \"b\" and spend > 1)", 17, "one value for model in a conjunction", "model=\"b\"")]
    [InlineData("model = \"a\" and team = \"x\" and model = \"b\" and spend > 1", 31, "one value for model in a conjunction", "model=\"b\"")]
    [InlineData("model == \"a\" and spend > 1", 6, "'=' after the dimension model", "=")]
    public void Parse_BadText_ThrowsWithPositionAndExpected(string text, int position, string expected, string? found)
    {
        var ex = Assert.Throws<AlertRuleParseException>(() => AlertCondition.Parse(text));

        Assert.Equal(position, ex.Position);
        Assert.Equal(expected, ex.Expected);
        Assert.Equal(found, ex.Found);
        Assert.Contains("at position " + position + ": expected " + expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextLongerThan4096_FailsFastAtPosition4096()
    {
        var text = "spend > 1" + new string(' ', 10_000 - 9);

        var ex = Assert.Throws<AlertRuleParseException>(() => AlertCondition.Parse(text));

        Assert.Equal(10_000, text.Length);
        Assert.Equal(4096, ex.Position);
    }

    [Fact]
    public void Parse_10000NestedParentheses_FailsAtThe33rdParenthesis()
    {
        var text = new string('(', 10_000);

        var ex = Assert.Throws<AlertRuleParseException>(() => AlertCondition.Parse(text[..4000]));
        var exLong = Assert.Throws<AlertRuleParseException>(() => AlertCondition.Parse(text));

        // 32 levels are allowed: the '(' at index 32 would be the 33rd.
        Assert.Equal(32, ex.Position);
        Assert.Equal("at most 32 nested parentheses", ex.Expected);
        Assert.Equal(4096, exLong.Position);
    }

    [Fact]
    public void Parse_32NestedParentheses_Accepted()
    {
        var text = new string('(', 32) + "spend > 1" + new string(')', 32);

        var condition = AlertCondition.Parse(text);

        Assert.Single(condition.Comparisons);
    }

    [Fact]
    public void TryParse_BadAndGood_ReportsWithoutThrowing()
    {
        var bad = AlertCondition.TryParse("nope > 1", out var none, out var error);
        var good = AlertCondition.TryParse("errors > 1", out var condition, out var noError);

        Assert.False(bad);
        Assert.Null(none);
        Assert.Equal(0, error!.Position);
        Assert.True(good);
        Assert.Equal(AlertMetric.Errors, condition!.Comparisons[0].Metric);
        Assert.Null(noError);
    }

    [Fact]
    public void Create_DefaultSeverity_IsWarning()
    {
        var rule = AlertRule.Create("r", "requests > 1");

        Assert.Equal(AlertSeverity.Warning, rule.Severity);
        Assert.Equal(UsageDimension.Model, AlertCondition.Parse("model=\"m\" and spend > 1").Comparisons[0].Filters[0].Key);
    }
}
