using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Query;

/// <summary>A query runs on the accumulator's state: over random rows it never disagrees with a summary, and its
/// filters reach every dimension.</summary>
public sealed class UsageQueryAgreementTests
{
    private static readonly UsageDimension[] _dimensions =
    [
        UsageDimension.Provider, UsageDimension.Model, UsageDimension.Service, UsageDimension.Status, UsageDimension.ErrorType,
        UsageDimension.User, UsageDimension.Team, UsageDimension.KeyAlias, UsageDimension.Session, UsageDimension.Tag,
        UsageDimension.Custom("department"),
    ];

    private static readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Query_ByEachDimension_AgreesWithTheSummarysGroups(int seed)
    {
        var rows = UsageRecordGenerator.Generate(seed, 250);
        var summary = UsageAccumulator.Aggregate(rows, new UsageAccumulatorOptions { GroupBy = _dimensions, LatencyBy = _dimensions, TimeZone = _zone }).ToSummary(TestClock.Now);

        foreach (var dimension in _dimensions)
        {
            var query = new UsageQuery { Dimensions = [dimension], Metrics = [UsageMetric.LatencyP95Ms], Limit = null };

            var result = query.Execute(rows);

            var groups = summary.GroupsOf(dimension);
            Assert.Equal(groups.Select(g => g.Key), result.Select(r => r.Keys[0]));
            for (var i = 0; i < groups.Count; i++)
            {
                SummaryAssert.Figures(WithoutTokenPercentiles(groups[i].Figures), WithoutTokenPercentiles(result[i].Figures));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Query_ByDayBucket_AgreesWithTheSummarysDailySeries(int seed)
    {
        var rows = UsageRecordGenerator.Generate(seed, 250);
        var days = UsageAccumulator.Aggregate(rows, new UsageAccumulatorOptions { TimeZone = _zone }).ToSummary(TestClock.Now).TimeSeriesOf(TimeBucketSize.Day);

        var result = new UsageQuery { TimeBucket = TimeBucketSize.Day, TimeZone = _zone, SortBy = UsageMetric.Requests }.Execute(rows)
            .OrderBy(r => r.BucketStart).ToList();

        Assert.Equal(days.Select(d => (d.Start, d.End)), result.Select(r => (r.BucketStart!.Value, r.BucketEnd!.Value)));
        Assert.Equal(days.Select(d => (d.Figures.Requests, d.Figures.EffectiveCost, d.Figures.TotalTokens)), result.Select(r => (r.Figures.Requests, r.Figures.EffectiveCost, r.Figures.TotalTokens)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Filter_OnEveryDimension_SelectsExactlyTheGroupsRows(int seed)
    {
        var rows = UsageRecordGenerator.Generate(seed, 250);
        var summary = UsageAccumulator.Aggregate(rows, new UsageAccumulatorOptions { GroupBy = _dimensions }).ToSummary(TestClock.Now);

        foreach (var dimension in _dimensions)
        {
            foreach (var group in summary.GroupsOf(dimension))
            {
                var filtered = new UsageQuery { Filter = UsageFilter.None.Where(dimension, group.Key) }.Execute(rows);

                var only = Assert.Single(filtered);
                Assert.Equal((group.Figures.Requests, group.Figures.EffectiveCost, group.Figures.CacheHits), (only.Figures.Requests, only.Figures.EffectiveCost, only.Figures.CacheHits));
            }
        }
    }

    [Fact]
    public void Filter_BlankValue_SelectsTheRowsWithoutOne_AsNullDoes()
    {
        var at = TestClock.Now;
        UsageRecord[] rows =
        [
            new() { Timestamp = at, TeamId = null, EstimatedCost = 1m },
            new() { Timestamp = at, TeamId = "  ", EstimatedCost = 2m },
            new() { Timestamp = at, TeamId = "red", EstimatedCost = 4m },
        ];

        var byNull = new UsageQuery { Filter = UsageFilter.None.Where(UsageDimension.Team, (string?)null) }.Execute(rows);
        var byBlank = new UsageQuery { Filter = UsageFilter.None.Where(UsageDimension.Team, "") }.Execute(rows);

        Assert.Equal(3m, Assert.Single(byNull).Figures.EffectiveCost);
        Assert.Equal(3m, Assert.Single(byBlank).Figures.EffectiveCost);
    }

    [Fact]
    public void Query_RefusesTheSameRowsAsTheAccumulator()
    {
        UsageRecord[] rows = [new() { RequestId = "eur", Timestamp = TestClock.Now, Currency = "EUR", EstimatedCost = 1m }];

        Assert.Throws<ArgumentException>(() => new UsageQuery().Execute(rows));
        Assert.Equal(1m, Assert.Single(new UsageQuery { Currency = "EUR" }.Execute(rows)).Figures.EffectiveCost);
    }

    // A query keeps no token sketch for its groups (the summary keeps one for its totals only): compare the rest.
    private static UsageFigures WithoutTokenPercentiles(UsageFigures figures) =>
        figures with { TokensPerRequest = figures.TokensPerRequest is { } t ? t with { P50 = null, P95 = null, P99 = null } : null };
}
