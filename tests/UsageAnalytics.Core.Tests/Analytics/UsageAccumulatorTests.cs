using UsageAnalytics.Insights;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

public sealed class UsageAccumulatorTests
{
    private static readonly DateTimeOffset _noon = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToSummary_NoRows_GivesZerosAndNulls()
    {
        var accumulator = new UsageAccumulator();

        var summary = accumulator.ToSummary(TestClock.Now);

        Assert.Equal(0, summary.Totals.Requests);
        Assert.Equal(0m, summary.Totals.EffectiveCost);
        Assert.Null(summary.Totals.ErrorRate);
        Assert.Null(summary.Totals.TokensPerRequest);
        Assert.Null(summary.Totals.CacheHitRate);
        Assert.Null(summary.Totals.CompletionTokensPerSecond);
        Assert.Null(summary.Totals.LatencyMs);
        Assert.Null(summary.FirstTimestamp);
        Assert.Equal(0, summary.UniqueUsers);
        Assert.Equal(0, summary.UniqueSessions);
        Assert.All(summary.Groups.Values, Assert.Empty);
        Assert.All(summary.TimeSeries.Values, Assert.Empty);
        Assert.Equal(24, summary.HourOfDay.Count);
        Assert.Equal(7, summary.DayOfWeek.Count);
        Assert.Null(summary.PeakDay);
        Assert.Empty(summary.TopCostDrivers);
        Assert.NotNull(summary.Last24Hours);
        Assert.Null(summary.Last24Hours.RequestsChangePercent);
        Assert.Null(summary.Last24Hours.EffectiveCostChangePercent);
    }

    [Fact]
    public void ToSummary_FewRows_ComputesTotalsRatesAndPercentiles()
    {
        var accumulator = new UsageAccumulator();
        accumulator.Add(Row(estimated: 0.10m, actual: 0.12m, latency: 1000, ttft: 100, completion: 50, cacheHit: true));
        accumulator.Add(Row(estimated: 0.20m, latency: 2000, completion: 100, status: "failure", cacheHit: false));
        accumulator.Add(Row(estimated: 0.30m, requestId: null, latency: null, completion: 25));

        var totals = accumulator.ToSummary(TestClock.Now).Totals;

        Assert.Equal((3, 2, 1), (totals.Requests, totals.Successes, totals.Failures));
        Assert.Equal(0.6m, totals.EstimatedCost);
        Assert.Equal(0.12m, totals.ActualCost);
        Assert.Equal(0.62m, totals.EffectiveCost);
        Assert.Equal((1, 2, 1), (totals.ActualizedCount, totals.EstimatedOnlyCount, totals.MissingRequestIdCount));
        Assert.Equal(1.0 / 3, totals.ErrorRate);
        Assert.Equal(0.5, totals.CacheHitRate);
        // Per-request statistics cover successful calls only: rows 1 (80 tokens, 1000 ms, 50 completion) and 3
        // (55 tokens, no latency); the failed row's 2000 ms is kept apart.
        Assert.Equal(50 / 1.0, totals.CompletionTokensPerSecond);
        Assert.Equal((2, 67.5, 55.0, 80.0), (totals.TokensPerRequest!.Count, totals.TokensPerRequest.Mean, totals.TokensPerRequest.Min, totals.TokensPerRequest.Max));
        Assert.Equal((30.0, 37.5), (totals.PromptTokensPerRequest, totals.CompletionTokensPerRequest));
        Assert.NotNull(totals.LatencyMs);
        Assert.Equal((1, 1000.0, 1000.0, 1000.0), (totals.LatencyMs.Count, totals.LatencyMs.Mean, totals.LatencyMs.Min, totals.LatencyMs.Max));
        Assert.Equal(1000.0, totals.LatencyMs.P50);
        Assert.Equal((1, 2000.0), (totals.FailedLatencyMs!.Count, totals.FailedLatencyMs.Mean));
        Assert.Null(totals.FailedLatencyMs.P50);
        Assert.Equal((1L, 1L, 80L, 130L), (totals.CacheHits, totals.CacheMisses, totals.CacheHitTokens, totals.CacheMissTokens));
        Assert.Equal(1, totals.TimeToFirstTokenMs!.Count);
    }

    [Fact]
    public void Add_EqualKeysInDistinctStringInstances_ShareOneGroup()
    {
        // Groups are found by string instance first; equal text in other instances must still land in the same
        // group, before and after the table (and its instance cache) grows.
        var options = new UsageAccumulatorOptions { GroupBy = [UsageDimension.User], LatencyBy = [] };
        var accumulator = new UsageAccumulator(options);
        var pool = Enumerable.Range(0, 5_000).Select(i => "user-" + i).ToArray();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < pool.Length; i++)
            {
                // Rounds 0 and 2 reuse the pooled instances, round 1 brings fresh copies of the same text.
                accumulator.Add(Row(estimated: 1m) with { UserId = round == 1 ? new string(pool[i].AsSpan()) : pool[i] });
            }
        }

        var groups = accumulator.ToSummary(TestClock.Now).GroupsOf(UsageDimension.User);

        Assert.Equal(5_000, groups.Count);
        Assert.All(groups, g => Assert.Equal(3, g.Figures.Requests));
        Assert.Equal(5_000, accumulator.ToSummary(TestClock.Now).UniqueUsers);
    }

    [Fact]
    public void ToSummary_Groups_SortByEffectiveCostThenKeyWithNullAsItsOwnGroup()
    {
        var accumulator = new UsageAccumulator();
        accumulator.Add(Row(estimated: 1m, model: "b"));
        accumulator.Add(Row(estimated: 1m, model: "a"));
        accumulator.Add(Row(estimated: 1m, model: null));
        accumulator.Add(Row(estimated: 5m, model: "c"));
        accumulator.Add(Row(estimated: 0.5m, model: "(none)"));

        var groups = accumulator.ToSummary(TestClock.Now).GroupsOf(UsageDimension.Model);

        Assert.Equal(["c", null, "a", "b", "(none)"], groups.Select(g => g.Key));
        Assert.Equal(UsageGroup.NoneLabel, groups[1].Label);
        Assert.Equal(5m, groups[0].Figures.EffectiveCost);
    }

    [Fact]
    public void ToSummary_TagsAndCustomDimensions_CountEachDistinctTagOnce()
    {
        var options = new UsageAccumulatorOptions { GroupBy = [UsageDimension.Tag, UsageDimension.Custom("department")], LatencyBy = [] };
        var accumulator = new UsageAccumulator(options);
        accumulator.Add(Row(estimated: 1m) with { Tags = ["prod", "beta", "prod"], Dimensions = new Dictionary<string, string> { ["department"] = "sales" } });
        accumulator.Add(Row(estimated: 2m) with { Tags = ["prod"] });
        accumulator.Add(Row(estimated: 4m));

        var summary = accumulator.ToSummary(TestClock.Now);

        var tags = summary.GroupsOf(UsageDimension.Tag).ToDictionary(g => g.Label, g => g.Figures.Requests);
        Assert.Equal(new Dictionary<string, long> { ["prod"] = 2, ["beta"] = 1, ["(none)"] = 1 }, tags);
        var departments = summary.GroupsOf(UsageDimension.Custom("department"));
        Assert.Equal([(null, 6m), ("sales", 1m)], departments.Select(g => (g.Key, g.Figures.EffectiveCost)));
        Assert.Empty(summary.GroupsOf(UsageDimension.Model));
    }

    [Fact]
    public void ToSummary_UsersNotGrouped_EstimatesDistinctUsersAndSessions()
    {
        var options = new UsageAccumulatorOptions { GroupBy = [UsageDimension.Model], LatencyBy = [] };
        var accumulator = new UsageAccumulator(options);

        for (var i = 0; i < 300; i++)
        {
            accumulator.Add(Row(estimated: 0m) with { UserId = "u" + (i % 7), SessionId = i % 2 == 0 ? null : "s" + (i % 31) });
        }

        var summary = accumulator.ToSummary(TestClock.Now);
        Assert.Equal(7, summary.UniqueUsers);
        Assert.Equal(31, summary.UniqueSessions);
    }

    [Fact]
    public void ToSummary_TopCostDrivers_RanksGroupsAcrossDimensionsWithShares()
    {
        var options = new UsageAccumulatorOptions { GroupBy = [UsageDimension.Model, UsageDimension.User], LatencyBy = [], TopCostDriverCount = 2 };
        var accumulator = new UsageAccumulator(options);
        accumulator.Add(Row(estimated: 3m, model: "m1") with { UserId = "alice" });
        accumulator.Add(Row(estimated: 1m, model: "m2") with { UserId = "alice" });

        var drivers = accumulator.ToSummary(TestClock.Now).TopCostDrivers;

        Assert.Equal([("user", "alice", 4m, 1.0), ("model", "m1", 3m, 0.75)], drivers.Select(d => (d.Dimension.Name, d.Key, d.EffectiveCost, d.Share!.Value)));
    }

    [Fact]
    public void ToSummary_PatternsAndPeaks_FollowTheLocalClock()
    {
        var options = new UsageAccumulatorOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York") };
        var accumulator = new UsageAccumulator(options);
        accumulator.Add(Row(estimated: 1m, at: new DateTimeOffset(2026, 6, 10, 2, 30, 0, TimeSpan.Zero)));
        accumulator.Add(Row(estimated: 1m, at: new DateTimeOffset(2026, 6, 10, 2, 45, 0, TimeSpan.Zero)));
        accumulator.Add(Row(estimated: 1m, at: new DateTimeOffset(2026, 6, 10, 15, 0, 0, TimeSpan.Zero)));

        var summary = accumulator.ToSummary(TestClock.Now);

        Assert.Equal(2, summary.HourOfDay[22].Figures.Requests);
        Assert.Equal(1, summary.HourOfDay[11].Figures.Requests);
        Assert.Equal(2, summary.DayOfWeek[(int)DayOfWeek.Tuesday].Figures.Requests);
        Assert.Equal(1, summary.DayOfWeek[(int)DayOfWeek.Wednesday].Figures.Requests);
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 22, 0, 0, TimeSpan.FromHours(-4)), summary.PeakHour!.Start);
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 0, 0, 0, TimeSpan.FromHours(-4)), summary.PeakDay!.Start);
    }

    [Fact]
    public void Compare_CurrentAgainstPrevious_GivesChangesAndNullForZeroBase()
    {
        var accumulator = new UsageAccumulator();
        accumulator.Add(Row(estimated: 1m, at: _noon.AddHours(-30)));
        accumulator.Add(Row(estimated: 1m, at: _noon.AddHours(-2)));
        accumulator.Add(Row(estimated: 2m, at: _noon.AddHours(-1), status: "failure"));

        var comparison = accumulator.Compare(_noon.AddHours(-24), _noon);

        Assert.Equal((2, 1), (comparison.Current.Requests, comparison.Previous.Requests));
        Assert.Equal(100.0, comparison.RequestsChangePercent);
        Assert.Equal(200.0, comparison.EffectiveCostChangePercent);
        Assert.Null(comparison.FailuresChangePercent);
        Assert.Equal(_noon.AddHours(-48), comparison.PreviousStart);
    }

    [Fact]
    public void ToSummary_Last24HoursAndWeekOverWeek_AreAnchoredAtTheGivenNow()
    {
        var accumulator = new UsageAccumulator();
        accumulator.Add(Row(estimated: 1m, at: _noon.AddHours(-1)));
        accumulator.Add(Row(estimated: 1m, at: _noon.AddDays(-8)));

        var summary = accumulator.ToSummary(_noon);

        Assert.Equal(_noon, summary.AsOf);
        Assert.Equal((1, 0), (summary.Last24Hours!.Current.Requests, summary.Last24Hours.Previous.Requests));
        Assert.Equal((_noon.AddHours(-24), _noon), (summary.Last24Hours.CurrentStart, summary.Last24Hours.CurrentEnd));
        Assert.Equal((1, 1), (summary.WeekOverWeek!.Current.Requests, summary.WeekOverWeek.Previous.Requests));
        Assert.Equal(0.0, summary.WeekOverWeek.RequestsChangePercent);
    }

    [Fact]
    public void ToSummary_LatencyBy_KeepsLatencyOnlyForThoseGroupsAndTheTotals()
    {
        var options = new UsageAccumulatorOptions { GroupBy = [UsageDimension.Model, UsageDimension.User], LatencyBy = [UsageDimension.Model] };
        var accumulator = new UsageAccumulator(options);
        accumulator.Add(Row(estimated: 1m, latency: 100, ttft: 10, completion: 20) with { UserId = "u" });

        var summary = accumulator.ToSummary(TestClock.Now);

        var model = Assert.Single(summary.GroupsOf(UsageDimension.Model)).Figures;
        var user = Assert.Single(summary.GroupsOf(UsageDimension.User)).Figures;
        Assert.Equal(100, model.LatencyMs!.P50!.Value, 1.0);
        Assert.Equal(200.0, model.CompletionTokensPerSecond);
        Assert.Null(user.LatencyMs);
        Assert.Null(user.TimeToFirstTokenMs);
        Assert.Null(user.CompletionTokensPerSecond);
        Assert.Null(summary.TimeSeries[TimeBucketSize.Hour][0].Figures.LatencyMs);
        Assert.Equal(1, summary.Totals.TimeToFirstTokenMs!.Count);
    }

    [Fact]
    public void Merge_DifferentOptions_Throws()
    {
        var hourly = new UsageAccumulator(new UsageAccumulatorOptions { TimeBuckets = [TimeBucketSize.Hour] });
        var daily = new UsageAccumulator(new UsageAccumulatorOptions { TimeBuckets = [TimeBucketSize.Day] });

        var merge = () => hourly.Merge(daily);

        Assert.Throws<ArgumentException>(merge);
    }

    [Theory]
    [InlineData("""{"version":2}""")]
    [InlineData("""{"version":"1"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"version":1}""")]
    [InlineData("""{"version":1,"options":{"groupBy":["nope"]}}""")]
    [InlineData("""not json""")]
    public void FromJson_UnknownVersionOrMalformed_ThrowsTypedException(string json)
    {
        var read = () => UsageAccumulator.FromJson(json);

        var exception = Assert.Throws<UsageStateFormatException>(read);
        Assert.IsAssignableFrom<UsageAnalyticsException>(exception);
    }

    [Fact]
    public void ToJson_Always_StartsWithVersionOne()
    {
        var accumulator = new UsageAccumulator();

        var json = accumulator.ToJson();

        Assert.StartsWith("""{"version":1,""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PercentilesForAnUngroupedDimension_Throws()
    {
        var options = new UsageAccumulatorOptions { GroupBy = [UsageDimension.Model], LatencyBy = [UsageDimension.User] };

        var create = () => new UsageAccumulator(options);

        Assert.Throws<ArgumentException>(create);
    }

    internal static UsageRecord Row(
        decimal estimated,
        decimal? actual = null,
        double? latency = null,
        double? ttft = null,
        long completion = 0,
        string? status = null,
        bool? cacheHit = null,
        string? model = "m",
        string? requestId = "r",
        DateTimeOffset? at = null) => new()
        {
            RequestId = requestId,
            Timestamp = at ?? _noon,
            Model = model,
            Status = status,
            EstimatedCost = estimated,
            ActualCost = actual,
            LatencyMs = latency,
            TimeToFirstTokenMs = ttft,
            PromptTokens = 30,
            CompletionTokens = completion,
            CacheHit = cacheHit,
        };
}
