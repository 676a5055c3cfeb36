using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

public sealed class UsageAccumulatorLawTests
{
    private static readonly UsageAccumulatorOptions _options = new()
    {
        GroupBy =
        [
            UsageDimension.Provider, UsageDimension.Model, UsageDimension.Service, UsageDimension.Status,
            UsageDimension.User, UsageDimension.Team, UsageDimension.KeyAlias, UsageDimension.Tag,
            UsageDimension.Custom("department"),
        ],
        LatencyBy = [UsageDimension.Model, UsageDimension.User],
        LatencyInTimeBuckets = true,
        TimeBuckets = [TimeBucketSize.Minute, TimeBucketSize.Hour, TimeBucketSize.Day, TimeBucketSize.Week, TimeBucketSize.Month],
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"),
    };

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= 40; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Merge_TwoPartitions_EqualsAggregatingTheUnion(int seed)
    {
        var rows = UsageRecordGenerator.Generate(seed, 50 + (seed * 7));
        var split = new Random(seed).Next(rows.Count + 1);
        var left = Aggregate(rows.Take(split));
        var right = Aggregate(rows.Skip(split));
        var union = Aggregate(rows);

        left.Merge(right);

        SummaryAssert.Equivalent(union.ToSummary(TestClock.Now), left.ToSummary(TestClock.Now));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Merge_AnyGroupingOrOrder_GivesTheSameSummary(int seed)
    {
        var rows = UsageRecordGenerator.Generate(seed, 120);
        var a = Aggregate(rows.Take(30));
        var b = Aggregate(rows.Skip(30).Take(50));
        var c = Aggregate(rows.Skip(80));
        var leftFirst = Aggregate([]);
        leftFirst.Merge(a);
        leftFirst.Merge(b);
        var bc = Aggregate([]);
        bc.Merge(b);
        bc.Merge(c);
        var ca = Aggregate([]);
        ca.Merge(c);
        ca.Merge(a);

        leftFirst.Merge(c);
        var rightFirst = Aggregate([]);
        rightFirst.Merge(a);
        rightFirst.Merge(bc);
        var reversed = Aggregate([]);
        reversed.Merge(b);
        reversed.Merge(ca);

        var expected = leftFirst.ToSummary(TestClock.Now);
        SummaryAssert.Equivalent(expected, rightFirst.ToSummary(TestClock.Now));
        SummaryAssert.Equivalent(expected, reversed.ToSummary(TestClock.Now));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ToJson_RoundTrip_ChangesNothing(int seed)
    {
        var accumulator = Aggregate(UsageRecordGenerator.Generate(seed, 80));

        var json = accumulator.ToJson();
        var restored = UsageAccumulator.FromJson(json);

        SummaryAssert.Equivalent(accumulator.ToSummary(TestClock.Now), restored.ToSummary(TestClock.Now));
        Assert.Equal(json, restored.ToJson());
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void Aggregate_InParallel_EqualsSequential(int seed, int threads)
    {
        var rows = UsageRecordGenerator.Generate(seed, 2_000);

        var sequential = UsageAccumulator.Aggregate(rows, _options);
        var overList = UsageAccumulator.Aggregate(rows, _options, threads);
        var overSequence = UsageAccumulator.Aggregate(rows.Select(r => r), _options, threads);

        SummaryAssert.Equivalent(sequential.ToSummary(TestClock.Now), overList.ToSummary(TestClock.Now));
        SummaryAssert.Equivalent(sequential.ToSummary(TestClock.Now), overSequence.ToSummary(TestClock.Now));
    }

    [Fact]
    public async Task AggregateAsync_Partitions_EqualsSequential()
    {
        var rows = UsageRecordGenerator.Generate(7, 500);
        var partitions = new[] { rows.Take(100), rows.Skip(100).Take(250), rows.Skip(350) }
            .Select(p => (IAsyncEnumerable<UsageRecord>)ToAsync(p)).ToList();

        var merged = await UsageAccumulator.AggregateAsync(partitions, _options);

        SummaryAssert.Equivalent(Aggregate(rows).ToSummary(TestClock.Now), merged.ToSummary(TestClock.Now));
    }

    [Fact]
    public void Merge_WithItself_DoublesEveryCount()
    {
        var accumulator = Aggregate(UsageRecordGenerator.Generate(3, 100));
        var single = accumulator.ToSummary(TestClock.Now).Totals;

        accumulator.Merge(accumulator);

        var doubled = accumulator.ToSummary(TestClock.Now).Totals;
        Assert.Equal(single.Requests * 2, doubled.Requests);
        Assert.Equal(single.EffectiveCost * 2, doubled.EffectiveCost);
        Assert.Equal(single.PromptTokens * 2, doubled.PromptTokens);
    }

    [Fact]
    public void Merge_EmptyWithEmpty_StaysEmpty()
    {
        var empty = Aggregate([]);

        empty.Merge(Aggregate([]));

        SummaryAssert.Equivalent(Aggregate([]).ToSummary(TestClock.Now), empty.ToSummary(TestClock.Now));
        Assert.Equal(0, empty.Count);
    }

    private static UsageAccumulator Aggregate(IEnumerable<UsageRecord> rows)
    {
        var accumulator = new UsageAccumulator(_options);
        accumulator.AddRange(rows);
        return accumulator;
    }

    private static async IAsyncEnumerable<UsageRecord> ToAsync(IEnumerable<UsageRecord> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }
}
