using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Budgets;

public sealed class BudgetScopeTests
{
    [Theory]
    [InlineData("global", null, null, "global")]
    [InlineData("  GLOBAL ", null, null, "global")]
    [InlineData("team=search", "team", "search", "team=search")]
    [InlineData(" model = gpt-4o ", "model", "gpt-4o", "model=gpt-4o")]
    [InlineData("tag=prod", "tag", "prod", "tag=prod")]
    [InlineData("dimension:department=legal", "dimension:department", "legal", "dimension:department=legal")]
    [InlineData("dimension: department = legal", "dimension:department", "legal", "dimension:department=legal")]
    public void Parse_ValidText_ReadsDimensionAndValueAndRoundTrips(string text, string? dimension, string? value, string normalized)
    {
        var scope = BudgetScope.Parse(text);

        Assert.Equal(dimension, scope.Dimension?.Name);
        Assert.Equal(value, scope.Value);
        Assert.Equal(normalized, scope.ToString());
        Assert.Equal(scope, BudgetScope.Parse(scope.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("team")]
    [InlineData("=search")]
    [InlineData("team=")]
    [InlineData("colour=red")]
    public void Parse_BadText_ThrowsFormatExceptionQuotingIt(string text)
    {
        var exception = Assert.Throws<FormatException>(() => BudgetScope.Parse(text));

        Assert.Contains("'" + text + "'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_BlankValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => BudgetScope.For(UsageDimension.Team, " "));
        Assert.Throws<ArgumentNullException>(() => BudgetScope.For(null!, "x"));
    }

    [Fact]
    public void Matches_TagScope_MatchesAnyTag()
    {
        var scope = BudgetScope.Parse("tag=prod");

        Assert.True(scope.Matches(new UsageRecord { Tags = ["beta", "prod"] }));
        Assert.False(scope.Matches(new UsageRecord { Tags = ["beta", "Prod"] }));
        Assert.False(scope.Matches(new UsageRecord()));
    }

    [Fact]
    public void Matches_CustomDimensionAndField_ComparesOrdinally()
    {
        var legal = BudgetScope.For(UsageDimension.Custom("department"), "legal");
        var team = BudgetScope.Parse("team=search");
        var record = new UsageRecord { TeamId = "search", Dimensions = new Dictionary<string, string> { ["department"] = "legal" } };

        Assert.True(legal.Matches(record));
        Assert.True(team.Matches(record));
        Assert.False(legal.Matches(record with { Dimensions = new Dictionary<string, string> { ["department"] = "sales" } }));
        Assert.False(team.Matches(record with { TeamId = null }));
        Assert.True(BudgetScope.Global.Matches(new UsageRecord()));
    }
}
