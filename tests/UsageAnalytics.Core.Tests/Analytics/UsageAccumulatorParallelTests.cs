using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

public sealed class UsageAccumulatorParallelTests
{
    [Fact]
    public void Aggregate_LazySequenceOnTwoThreads_CreatesExactlyTwoPartialAccumulators()
    {
        var rows = Lazily(200_000);

        var result = UsageAccumulator.AggregateCountingPartials(rows, null, 2, out var partials);

        Assert.Equal(2, partials);
        Assert.Equal(200_000, result.Count);
    }

    [Fact]
    public void Aggregate_LazySequenceOnTwoThreads_EqualsTheSequentialResult()
    {
        var sequential = UsageAccumulator.Aggregate(Lazily(200_000), null, 1);

        var parallel = UsageAccumulator.Aggregate(Lazily(200_000), null, 2);

        SummaryAssert.Equivalent(sequential.ToSummary(TestClock.Now), parallel.ToSummary(TestClock.Now));
    }

    [Fact]
    public void Aggregate_LazySequenceWithARefusedRowOnTwoThreads_ThrowsTheArgumentExceptionItself()
    {
        var rows = Lazily(20_000).Select((row, i) => i == 15_000 ? row with { PromptTokens = -1 } : row);

        var exception = Assert.ThrowsAny<ArgumentException>(() => UsageAccumulator.Aggregate(rows, null, 2));

        Assert.Contains("PromptTokens is negative", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>Generated rows read one chunk of 1,000 at a time: neither a list nor an array.</summary>
    private static IEnumerable<UsageRecord> Lazily(int count)
    {
        for (var chunk = 0; chunk * 1_000 < count; chunk++)
        {
            foreach (var row in UsageRecordGenerator.Generate(chunk, Math.Min(1_000, count - (chunk * 1_000))))
            {
                yield return row;
            }
        }
    }
}
