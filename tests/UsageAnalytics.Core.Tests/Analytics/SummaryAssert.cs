namespace UsageAnalytics.Analytics;

/// <summary>Compares summaries: exactly for counts, tokens, money and percentiles; within rounding for floating sums.</summary>
internal static class SummaryAssert
{
    public static void Equivalent(UsageSummary expected, UsageSummary actual)
    {
        Figures(expected.Totals, actual.Totals);
        Assert.Equal(expected.FirstTimestamp, actual.FirstTimestamp);
        Assert.Equal(expected.LastTimestamp, actual.LastTimestamp);
        Assert.Equal(expected.UniqueUsers, actual.UniqueUsers);
        Assert.Equal(expected.UniqueSessions, actual.UniqueSessions);
        Assert.Equal(expected.Groups.Keys.OrderBy(d => d.Name), actual.Groups.Keys.OrderBy(d => d.Name));
        foreach (var (dimension, groups) in expected.Groups)
        {
            var other = actual.Groups[dimension];
            Assert.Equal(groups.Select(g => g.Key), other.Select(g => g.Key));
            for (var i = 0; i < groups.Count; i++)
            {
                Figures(groups[i].Figures, other[i].Figures);
            }
        }

        Assert.Equal(expected.TimeSeries.Keys.Order(), actual.TimeSeries.Keys.Order());
        foreach (var (size, buckets) in expected.TimeSeries)
        {
            var other = actual.TimeSeries[size];
            Assert.Equal(buckets.Select(b => (b.Start, b.End)), other.Select(b => (b.Start, b.End)));
            for (var i = 0; i < buckets.Count; i++)
            {
                Figures(buckets[i].Figures, other[i].Figures);
            }
        }

        Assert.Equal(expected.HourOfDay, actual.HourOfDay);
        Assert.Equal(expected.DayOfWeek, actual.DayOfWeek);
        Assert.Equal(expected.TopCostDrivers, actual.TopCostDrivers);
        Assert.Equal((expected.Currency, expected.AsOf, expected.TimeZone.Id), (actual.Currency, actual.AsOf, actual.TimeZone.Id));
        Bucket(expected.PeakDay, actual.PeakDay);
        Bucket(expected.PeakHour, actual.PeakHour);
        Comparison(expected.Last24Hours, actual.Last24Hours);
        Comparison(expected.WeekOverWeek, actual.WeekOverWeek);
    }

    private static void Bucket(UsageTimeBucket? expected, UsageTimeBucket? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is not null && actual is not null)
        {
            Assert.Equal((expected.Size, expected.Start, expected.End), (actual.Size, actual.Start, actual.End));
            Figures(expected.Figures, actual.Figures);
        }
    }

    private static void Comparison(Insights.PeriodComparison? expected, Insights.PeriodComparison? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is not null && actual is not null)
        {
            Assert.Equal(expected with { Current = UsageFigures.Empty, Previous = UsageFigures.Empty }, actual with { Current = UsageFigures.Empty, Previous = UsageFigures.Empty });
            Figures(expected.Current, actual.Current);
            Figures(expected.Previous, actual.Previous);
        }
    }

    public static void Figures(UsageFigures expected, UsageFigures actual)
    {
        Assert.Equal(Exact(expected), Exact(actual));
        Close(expected.CompletionTokensPerSecond, actual.CompletionTokensPerSecond);
        Stats(expected.LatencyMs, actual.LatencyMs);
        Stats(expected.TimeToFirstTokenMs, actual.TimeToFirstTokenMs);
        Stats(expected.FailedLatencyMs, actual.FailedLatencyMs);
        Stats(expected.TokensPerRequest, actual.TokensPerRequest);
    }

    private static UsageFigures Exact(UsageFigures figures) =>
        figures with { CompletionTokensPerSecond = null, LatencyMs = null, TimeToFirstTokenMs = null, FailedLatencyMs = null, TokensPerRequest = null };

    private static void Stats(UsageDistribution? expected, UsageDistribution? actual)
    {
        if (expected is null || actual is null)
        {
            Assert.Equal(expected, actual);
            return;
        }

        Assert.Equal(expected with { Mean = 0 }, actual with { Mean = 0 });
        Close(expected.Mean, actual.Mean);
    }

    private static void Close(double? expected, double? actual)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected is { } e && actual is { } a)
        {
            Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"expected {e}, got {a}");
        }
    }
}
