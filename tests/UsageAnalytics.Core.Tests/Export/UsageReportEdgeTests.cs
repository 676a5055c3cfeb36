using UsageAnalytics.Analytics;

namespace UsageAnalytics.Export;

public sealed class UsageReportEdgeTests
{
    [Fact]
    public void Render_SummaryWithANegativeDay_DrawsAZeroHeightBarWithItsCostInTheTitle()
    {
        var summary = UsageReportFixtures.Known();
        var days = summary.TimeSeriesOf(TimeBucketSize.Day);
        var credit = days[0] with { Figures = days[0].Figures with { EffectiveCost = -3m } };
        var withCredit = summary with
        {
            TimeSeries = new Dictionary<TimeBucketSize, IReadOnlyList<UsageTimeBucket>> { [TimeBucketSize.Day] = [credit, .. days.Skip(1)] },
        };

        var html = UsageReport.Render(withCredit);

        Assert.DoesNotContain("height=\"-", html, StringComparison.Ordinal);
        Assert.Contains("height=\"0\"><title>", html, StringComparison.Ordinal);
        Assert.Contains(": -3.00 USD, ", html, StringComparison.Ordinal);
    }
}
