namespace UsageAnalytics.Analytics;

public sealed class DistinctCounterTests
{
    // Serialized states from other machines depend on this value never changing.
    private const ulong PinnedHash = 7974099827871594997UL;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(50)]
    public void Estimate_SmallCardinality_IsExact(int distinct)
    {
        var counter = new DistinctCounter();

        for (var i = 0; i < distinct * 3; i++)
        {
            counter.Add("user-" + (i % distinct));
        }

        Assert.Equal(distinct, counter.Estimate());
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(200_000)]
    public void Estimate_LargeCardinality_IsWithinThreeStandardErrors(int distinct)
    {
        var counter = new DistinctCounter();

        for (var i = 0; i < distinct; i++)
        {
            counter.Add("session-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.InRange(counter.Estimate(), distinct * 0.975, distinct * 1.025);
    }

    [Fact]
    public void Merge_OverlappingSets_CountsTheUnion()
    {
        var left = new DistinctCounter();
        var right = new DistinctCounter();
        for (var i = 0; i < 3_000; i++)
        {
            left.Add("u" + i);
            right.Add("u" + (i + 1_000));
        }

        left.Merge(right);

        Assert.InRange(left.Estimate(), 4_000 * 0.975, 4_000 * 1.025);
    }

    [Fact]
    public void Hash_SameText_IsStableAcrossProcesses()
    {
        var hash = DistinctCounter.Hash("user-42");

        Assert.Equal(hash, DistinctCounter.Hash(new string("user-42".ToCharArray())));
        Assert.NotEqual(hash, DistinctCounter.Hash("user-43"));
        Assert.Equal(PinnedHash, hash);
    }
}
