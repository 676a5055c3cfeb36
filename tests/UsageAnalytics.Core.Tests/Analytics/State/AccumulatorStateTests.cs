namespace UsageAnalytics.Analytics;

public sealed class AccumulatorStateTests
{
    private const string FormatChanged =
        "ToJson() no longer writes the committed golden-state-v1.json. State written by released versions must stay "
        + "readable: do NOT edit or regenerate golden-state-v1.json. If the format change is intended, bump "
        + "UsageAccumulator.StateVersion, keep reading version 1, and add a new golden-state-v{N}.json (written once, "
        + "from GoldenState's fixed rows) with its own test.";

    [Fact]
    public void FromJson_GoldenFileV1_GivesTheSummaryOfTheSameRows()
    {
        var golden = GoldenState.Read(GoldenState.V1FileName);

        var restored = UsageAccumulator.FromJson(golden);

        SummaryAssert.Equivalent(GoldenState.AggregateV1().ToSummary(TestClock.Now), restored.ToSummary(TestClock.Now));
        Assert.Equal(GoldenState.V1Records.Count, restored.Count);
    }

    [Fact]
    public void ToJson_GoldenRowsV1_EqualsTheGoldenFileByteForByte()
    {
        var golden = GoldenState.Read(GoldenState.V1FileName);

        var json = GoldenState.AggregateV1().ToJson();

        Assert.True(string.Equals(golden, json, StringComparison.Ordinal), FormatChanged + Environment.NewLine + FirstDifference(golden, json));
    }

    [Fact]
    public void ToJson_GoldenFileV1_RoundTripsByteForByte()
    {
        var golden = GoldenState.Read(GoldenState.V1FileName);

        var json = UsageAccumulator.FromJson(golden).ToJson();

        Assert.True(string.Equals(golden, json, StringComparison.Ordinal), FormatChanged + Environment.NewLine + FirstDifference(golden, json));
    }

    private static string FirstDifference(string expected, string actual)
    {
        var length = Math.Min(expected.Length, actual.Length);
        var index = 0;
        while (index < length && expected[index] == actual[index])
        {
            index++;
        }

        var start = Math.Max(0, index - 60);
        return $"First difference at character {index}:{Environment.NewLine}"
            + $"  golden: …{expected.Substring(start, Math.Min(120, expected.Length - start))}…{Environment.NewLine}"
            + $"  actual: …{actual.Substring(start, Math.Min(120, actual.Length - start))}…";
    }
}
