using UsageAnalytics.Query;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>Edge cases found in review: each would once give a wrong figure or an undocumented exception.</summary>
public sealed class UsageReviewEdgeTests
{
    private static readonly DateTimeOffset _at = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Query_FilteredByATag_AndGroupedByTag_CountsOnlyTheAllowedTags()
    {
        UsageRecord[] rows =
        [
            Row("a", 1m) with { Tags = ["prod", "beta"] },
            Row("b", 2m) with { Tags = ["beta"] },
            Row("c", 4m) with { Tags = ["prod", "eval", "prod"] },
            Row("d", 8m),
        ];

        var result = new UsageQuery { Dimensions = [UsageDimension.Tag], Filter = UsageFilter.None.Where(UsageDimension.Tag, "prod") }.Execute(rows);
        var withNone = new UsageQuery { Dimensions = [UsageDimension.Tag], Filter = UsageFilter.None.Where(UsageDimension.Tag, "beta", null) }.Execute(rows);

        Assert.Equal([("prod", 5m)], result.Select(r => (r.Keys[0], r.Figures.EffectiveCost)));
        Assert.Equal([(null, 8m), ("beta", 3m)], withNone.Select(r => (r.Keys[0], r.Figures.EffectiveCost)));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("  ", true)]
    [InlineData(" Success ", true)]
    [InlineData("failure", false)]
    [InlineData("error", false)]
    public void IsSuccess_BlankStatusIsNoValue_AsTheKeyRuleSays(string? status, bool success)
    {
        var row = Row("s", 1m) with { Status = status };

        var figures = UsageAccumulator.Aggregate([row]).ToSummary(_at).Totals;

        Assert.Equal(success, row.IsSuccess);
        Assert.Equal(success ? 1 : 0, figures.Successes);
    }

    [Fact]
    public void Aggregate_OnTwoThreads_ARefusedRowThrowsTheDocumentedException()
    {
        var rows = Enumerable.Range(0, 1000).Select(i => Row("r" + i, 1m)).Append(Row("bad", -1m)).ToList();

        var error = Assert.Throws<ArgumentException>(() => UsageAccumulator.Aggregate(rows, maxDegreeOfParallelism: 2));

        Assert.Contains("bad", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => UsageAccumulator.Aggregate(rows.Select(r => r), maxDegreeOfParallelism: 2));
    }

    [Fact]
    public void TryAdd_RefusedRow_SaysWhyAndAddsNothing_GoodRowIsAdded()
    {
        var accumulator = new UsageAccumulator();

        var refused = accumulator.TryAdd(Row("neg", 1m) with { PromptTokens = -3 }, out var reason);
        var added = accumulator.TryAdd(Row("ok", 1m), out var none);

        Assert.False(refused);
        Assert.Contains("neg", reason, StringComparison.Ordinal);
        Assert.Contains("PromptTokens", reason, StringComparison.Ordinal);
        Assert.True(added);
        Assert.Null(none);
        Assert.Equal(1, accumulator.Count);
    }

    [Fact]
    public void TryAdd_CostsWhoseSumWouldOverflowDecimal_AreRefused_NotACrashInsideTheSum()
    {
        // Found by the sample: two rows of 5 × 10^28 crashed TryAdd with an OverflowException from the money sum.
        var accumulator = new UsageAccumulator();
        var huge = 50_000_000_000_000_000_000_000_000_000m;

        var first = accumulator.TryAdd(Row("e", 1m) with { EstimatedCost = huge }, out var estimatedReason);
        var second = accumulator.TryAdd(Row("a", 1m) with { ActualCost = huge }, out var actualReason);
        var atBound = accumulator.TryAdd(Row("max", 1_000_000_000_000_000m), out var none);

        Assert.False(first);
        Assert.Contains("EstimatedCost is over 10^15", estimatedReason, StringComparison.Ordinal);
        Assert.False(second);
        Assert.Contains("ActualCost is over 10^15", actualReason, StringComparison.Ordinal);
        Assert.True(atBound);
        Assert.Null(none);
        Assert.Equal(1_000_000_000_000_000m, accumulator.ToSummary(_at).Totals.EstimatedCost);
        Assert.Throws<ArgumentException>(() => accumulator.Add(Row("e2", 1m) with { EstimatedCost = huge }));
    }

    [Fact]
    public void Add_AnImplausiblyLongLatency_IsRefused()
    {
        var accumulator = new UsageAccumulator();

        Assert.Throws<ArgumentException>(() => accumulator.Add(Row("huge", 1m) with { LatencyMs = 1e308 }));
        accumulator.Add(Row("day-long batch", 1m) with { LatencyMs = 86_400_000 });

        Assert.Equal(86_400_000.0, accumulator.ToSummary(_at).Totals.LatencyMs!.Max);
        Assert.NotEmpty(accumulator.ToJson());
    }

    [Fact]
    public void Merge_SameDimensionsInAnotherOrder_Merges()
    {
        var a = new UsageAccumulator(new UsageAccumulatorOptions { GroupBy = [UsageDimension.Model, UsageDimension.Team], TimeBuckets = [TimeBucketSize.Day, TimeBucketSize.Hour] });
        var b = new UsageAccumulator(new UsageAccumulatorOptions { GroupBy = [UsageDimension.Team, UsageDimension.Model], TimeBuckets = [TimeBucketSize.Hour, TimeBucketSize.Day] });
        a.Add(Row("1", 1m) with { TeamId = "red" });
        b.Add(Row("2", 2m) with { TeamId = "red" });

        a.Merge(b);

        var summary = a.ToSummary(_at);
        Assert.Equal(3m, Assert.Single(summary.GroupsOf(UsageDimension.Team)).Figures.EffectiveCost);
        Assert.Equal(2, Assert.Single(summary.TimeSeriesOf(TimeBucketSize.Hour)).Figures.Requests);
    }

    [Fact]
    public void Currency_IsCaseInsensitive_AndReportedUpperCase()
    {
        var accumulator = new UsageAccumulator(new UsageAccumulatorOptions { Currency = "usd" });
        accumulator.Add(Row("1", 1m));

        Assert.Equal("USD", accumulator.ToSummary(_at).Currency);
        accumulator.Merge(new UsageAccumulator());
    }

    [Fact]
    public void EffectiveCostChange_FromATinyBase_IsAFiniteNumberNotAnOverflow()
    {
        var accumulator = new UsageAccumulator();
        accumulator.Add(Row("tiny", 0.0000000000000000001m) with { Timestamp = _at.AddHours(-30) });
        accumulator.Add(Row("big", 79_000_000_000m) with { Timestamp = _at.AddHours(-1) });

        var change = accumulator.ToSummary(_at).Last24Hours!.EffectiveCostChangePercent;

        Assert.True(change > 1e30 && double.IsFinite(change!.Value));
    }

    [Fact]
    public void ToSummary_AtTheStartOfTime_HasNoComparisonsAndDoesNotThrow()
    {
        var summary = new UsageAccumulator().ToSummary(DateTimeOffset.MinValue);

        Assert.Null(summary.Last24Hours);
        Assert.Throws<ArgumentOutOfRangeException>(() => new UsageAccumulator().Compare(DateTimeOffset.MinValue, DateTimeOffset.MinValue.AddHours(1)));
    }

    [Fact]
    public void HalfHourZone_HourBucketsAndLast24Hours_FollowTheLocalClock()
    {
        // Asia/Kolkata is UTC+05:30: local hours start at :30 UTC. "Now" 10:00 local = 04:30Z.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var now = new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.FromHours(5.5));
        var accumulator = new UsageAccumulator(new UsageAccumulatorOptions { TimeZone = zone });
        accumulator.Add(Row("in", 1m) with { Timestamp = now.AddMinutes(-1) });          // 09:59 local, in the window
        accumulator.Add(Row("edge", 2m) with { Timestamp = now.AddHours(-24) });         // the window's first instant
        accumulator.Add(Row("before", 4m) with { Timestamp = now.AddHours(-24).AddTicks(-1) });

        var summary = accumulator.ToSummary(now);

        Assert.Equal((now.AddHours(-24), now), (summary.Last24Hours!.CurrentStart, summary.Last24Hours.CurrentEnd));
        Assert.Equal((3m, 4m), (summary.Last24Hours.Current.EffectiveCost, summary.Last24Hours.Previous.EffectiveCost));
        Assert.Equal(TimeSpan.FromHours(5.5), summary.TimeSeriesOf(TimeBucketSize.Hour)[0].Start.Offset);
        Assert.Equal(2, summary.HourOfDay[9].Figures.Requests);   // "in" and "before" (09:59 local)
        Assert.Equal(1, summary.HourOfDay[10].Figures.Requests);
        Assert.Equal(new DateTimeOffset(2026, 5, 3, 0, 0, 0, TimeSpan.FromHours(5.5)), summary.TimeSeriesOf(TimeBucketSize.Day)[0].Start);
    }

    private static UsageRecord Row(string id, decimal cost) => new() { RequestId = id, Timestamp = _at, Model = "m", EstimatedCost = cost };
}
