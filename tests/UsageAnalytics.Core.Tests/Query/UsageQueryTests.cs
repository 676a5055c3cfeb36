using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Query;

public sealed class UsageQueryTests
{
    private static readonly DateTimeOffset _day = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    private static readonly UsageRecord[] _rows =
    [
        Row("gpt", "alice", "red", 1.0m, _day.AddHours(1), latency: 100, tags: ["prod"]),
        Row("gpt", "bob", "red", 2.0m, _day.AddHours(2), latency: 200, tags: ["prod", "beta"]),
        Row("claude", "alice", "blue", 5.0m, _day.AddHours(3), latency: 300, status: "failure"),
        Row("claude", null, "blue", 0.5m, _day.AddDays(1), latency: 400, tags: ["beta"]),
        Row(null, "carol", null, 0.25m, _day.AddDays(1).AddHours(5), latency: null),
    ];

    [Fact]
    public void Execute_NoDimensions_GivesOneRowOfTotals()
    {
        var query = new UsageQuery();

        var rows = query.Execute(_rows);

        var row = Assert.Single(rows);
        Assert.Empty(row.Keys);
        Assert.Equal(5, row.Figures.Requests);
        Assert.Equal(8.75m, row.Figures.EffectiveCost);
        Assert.Equal([5.0, 8.75], row.Values);
    }

    [Fact]
    public void Execute_TwoDimensionsSortedByCost_ReturnsTypedRowsInOrder()
    {
        var query = new UsageQuery { Dimensions = [UsageDimension.Model, UsageDimension.User] };

        var rows = query.Execute(_rows);

        Assert.Equal(
            [(new string?[] { "claude", "alice" }, 5.0m), (["gpt", "bob"], 2.0m), (["gpt", "alice"], 1.0m), (["claude", null], 0.5m), ([null, "carol"], 0.25m)],
            rows.Select(r => (r.Keys.ToArray(), r.Figures.EffectiveCost)));
    }

    [Theory]
    [InlineData(UsageMetric.Requests, false, new[] { null, "claude", "gpt" })]
    [InlineData(UsageMetric.EffectiveCost, true, new[] { "claude", "gpt", null })]
    [InlineData(UsageMetric.EffectiveCost, false, new[] { null, "gpt", "claude" })]
    [InlineData(UsageMetric.LatencyP50Ms, true, new[] { "claude", "gpt", null })]
    [InlineData(UsageMetric.LatencyP50Ms, false, new[] { "gpt", "claude", null })]
    public void Execute_SortByMetric_OrdersWithNullValuesLast(UsageMetric sortBy, bool descending, string?[] expected)
    {
        var query = new UsageQuery { Dimensions = [UsageDimension.Model], SortBy = sortBy, Descending = descending };

        var rows = query.Execute(_rows);

        Assert.Equal(expected, rows.Select(r => r.Keys[0]));
    }

    [Fact]
    public void Execute_FilterAndLimit_CountsOnlyMatchingRows()
    {
        var query = new UsageQuery
        {
            Dimensions = [UsageDimension.Team],
            Filter = UsageFilter.None.Where(UsageDimension.User, "alice", "bob") with { From = _day, To = _day.AddDays(1), Success = true },
            Limit = 1,
        };

        var rows = query.Execute(_rows);

        var row = Assert.Single(rows);
        Assert.Equal(["red"], row.Keys);
        Assert.Equal(2, row.Figures.Requests);
    }

    [Fact]
    public void Execute_TagDimensionWithDailyBuckets_FansOutPerTagAndDay()
    {
        var query = new UsageQuery
        {
            Dimensions = [UsageDimension.Tag],
            TimeBucket = TimeBucketSize.Day,
            Metrics = [UsageMetric.Requests],
            SortBy = UsageMetric.Requests,
        };

        var rows = query.Execute(_rows);

        Assert.Equal(
            [("prod", _day, 2L), (null, _day, 1L), ("beta", _day, 1L), (null, _day.AddDays(1), 1L), ("beta", _day.AddDays(1), 1L)],
            rows.Select(r => (r.Keys[0], r.BucketStart!.Value, r.Figures.Requests)));
        Assert.All(rows, r => Assert.Equal(r.BucketStart!.Value.AddDays(1), r.BucketEnd));
    }

    [Fact]
    public void Execute_PercentileMetric_ReportsPercentilesWithinOnePercent()
    {
        var query = new UsageQuery { Dimensions = [UsageDimension.Model], Metrics = [UsageMetric.LatencyP50Ms, UsageMetric.LatencyP99Ms, UsageMetric.FailedLatencyMeanMs] };

        var rows = query.Execute(_rows);

        // Latency percentiles cover successful calls: claude's failed 300 ms call is reported apart.
        var claude = rows.Single(r => r.Keys[0] == "claude");
        Assert.InRange(claude.Values[0]!.Value, 400 * 0.99, 400 * 1.01);
        Assert.InRange(claude.ValueOf(UsageMetric.LatencyP99Ms)!.Value, 400 * 0.99, 400 * 1.01);
        Assert.Equal(300.0, claude.Values[2]);
        var gpt = rows.Single(r => r.Keys[0] == "gpt");
        Assert.InRange(gpt.Values[0]!.Value, 150 * 0.99, 150 * 1.01);
        Assert.Null(rows.Single(r => r.Keys[0] is null).Values[0]);
    }

    [Theory]
    [InlineData("department", "sales", 1)]
    [InlineData("department", "ops", 0)]
    public void Execute_CustomDimensionFilter_MatchesExactValues(string key, string value, int expected)
    {
        var rows = _rows.Append(Row("gpt", "dan", "red", 1m, _day) with { Dimensions = new Dictionary<string, string> { ["department"] = "sales" } });
        var query = new UsageQuery { Filter = UsageFilter.None.Where(UsageDimension.Custom(key), value) };

        var result = query.Execute(rows);

        Assert.Equal(expected, result.Sum(r => r.Figures.Requests));
    }

    [Fact]
    public async Task ExecuteAsync_EmptyStream_ReturnsNoRows()
    {
        var query = new UsageQuery { Dimensions = [UsageDimension.Model] };

        var rows = await query.ExecuteAsync(NoRows());

        Assert.Empty(rows);
    }

    [Fact]
    public void Execute_TwoTagDimensions_Throws()
    {
        var query = new UsageQuery { Dimensions = [UsageDimension.Tag, UsageDimension.Tag] };

        var execute = () => query.Execute(_rows);

        Assert.Throws<ArgumentException>(execute);
    }

    private static async IAsyncEnumerable<UsageRecord> NoRows()
    {
        await Task.Yield();
        yield break;
    }

    private static UsageRecord Row(string? model, string? user, string? team, decimal cost, DateTimeOffset at, double? latency = 50, string? status = null, string[]? tags = null) => new()
    {
        RequestId = "r",
        Model = model,
        UserId = user,
        TeamId = team,
        EstimatedCost = cost,
        Timestamp = at,
        LatencyMs = latency,
        Status = status,
        Tags = tags ?? [],
    };
}
