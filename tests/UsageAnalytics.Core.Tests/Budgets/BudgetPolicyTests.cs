namespace UsageAnalytics.Budgets;

public sealed class BudgetPolicyTests
{
    [Fact]
    public void Defaults_AreGlobalMonthlyUsdUtcWith50_80_95()
    {
        var policy = new BudgetPolicy { Name = "all", Limit = 10m };

        policy.Validate();
        Assert.Equal(BudgetScope.Global, policy.Scope);
        Assert.Equal(BudgetPeriod.Monthly(1), policy.Period);
        Assert.Equal("USD", policy.Currency);
        Assert.Equal(TimeZoneInfo.Utc, policy.TimeZone);
        Assert.Equal([50m, 80m, 95m], policy.Thresholds);
    }

    [Theory]
    [InlineData(0, new double[] { 50 }, "Limit")]
    [InlineData(10, new double[] { 0 }, "Thresholds")]
    [InlineData(10, new double[] { 101 }, "Thresholds")]
    [InlineData(10, new double[] { 80, 50 }, "Thresholds")]
    [InlineData(10, new double[] { 50, 50 }, "Thresholds")]
    public void Validate_BadField_ThrowsNamingPolicyAndField(double limit, double[] thresholds, string field)
    {
        var policy = new BudgetPolicy { Name = "team-a", Limit = (decimal)limit, Thresholds = [.. thresholds.Select(t => (decimal)t)] };

        var exception = Assert.Throws<ArgumentException>(policy.Validate);

        Assert.Contains("'team-a'", exception.Message, StringComparison.Ordinal);
        Assert.Equal(field, exception.ParamName);
    }

    [Fact]
    public void Validate_BlankNameOrCurrency_Throws()
    {
        Assert.Equal("Name", Assert.Throws<ArgumentException>(new BudgetPolicy { Name = " ", Limit = 1m }.Validate).ParamName);
        Assert.Equal("Currency", Assert.Throws<ArgumentException>(new BudgetPolicy { Name = "x", Limit = 1m, Currency = "" }.Validate).ParamName);
    }
}
