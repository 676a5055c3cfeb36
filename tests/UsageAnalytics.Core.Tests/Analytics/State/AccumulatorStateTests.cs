using System.Text.Json.Nodes;

namespace UsageAnalytics.Analytics;

public sealed partial class AccumulatorStateTests
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

    [Fact]
    public void ToJson_EmptyAccumulator_RoundTripsByteForByte()
    {
        var empty = new UsageAccumulator(GoldenState.V1Options);

        var json = empty.ToJson();
        var restored = UsageAccumulator.FromJson(json);

        Assert.Equal(0, restored.Count);
        Assert.DoesNotContain("firstUtcTicks", json, StringComparison.Ordinal);
        Assert.Equal(json, restored.ToJson());
    }

    [Fact]
    public void WriteTo_AsAPropertyOfAnotherDocument_WritesWhatToJsonWrites()
    {
        var accumulator = GoldenState.AggregateV1();
        using var stream = new MemoryStream();

        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("state");
            accumulator.WriteTo(writer);
            writer.WriteEndObject();
        }

        var outer = JsonNode.Parse(stream.ToArray())!;
        Assert.Equal(GoldenState.Read(GoldenState.V1FileName), outer["state"]!.ToJsonString());
    }

    [Fact]
    public void FromJson_MalformedJson_ThrowsNamingJson()
    {
        var golden = GoldenState.Read(GoldenState.V1FileName);

        var exception = ReadFails(golden[..^1]);

        Assert.Contains("not valid JSON", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{}", "no 'version'")]
    [InlineData("""{"version":"1"}""", "must be an integer")]
    public void FromJson_NotAStateDocument_ThrowsNamingTheProblem(string json, string expected)
    {
        var exception = ReadFails(json);

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public void FromJson_OtherVersion_ThrowsNamingBothVersions(int version)
    {
        var json = Mutate(state => state["version"] = version);

        var exception = ReadFails(json);

        Assert.Contains($"version {version};", exception.Message, StringComparison.Ordinal);
        Assert.Contains("reads version 1", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("totals", "n", "'n'")]
    [InlineData("options", "timeZone", "'timeZone'")]
    [InlineData("", "groups", "'groups'")]
    [InlineData("", "firstUtcTicks", "$.firstUtcTicks")]
    [InlineData("", "sessions", "$.sessions")]
    public void FromJson_MissingField_ThrowsNamingTheField(string parent, string field, string expected)
    {
        var json = Mutate(state => (parent.Length == 0 ? state : state[parent]!.AsObject()).Remove(field));

        var exception = ReadFails(json);

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_MissingGroupTiming_ThrowsNamingTheGroup()
    {
        var json = Mutate(state => Group(state, 1, "gpt-4o").Remove("timing"));

        var exception = ReadFails(json);

        Assert.Contains("$.groups[1].values['gpt-4o'].timing", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_UnknownTimeZone_ThrowsNamingTheZone()
    {
        var json = Mutate(state => state["options"]!["timeZone"] = "Mars/Olympus_Mons");

        var exception = ReadFails(json);

        Assert.Contains("'Mars/Olympus_Mons'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("n-fraction", "$.totals.n")]
    [InlineData("n-string", "$.totals.n")]
    [InlineData("units-text", "$.totals.estimated")]
    [InlineData("decimal-exponent", "$.totals.estimated")]
    [InlineData("accuracy", "RelativeAccuracy")]
    [InlineData("bucket-key", "$.buckets[1].values['day one']")]
    [InlineData("bucket-key-leading-zero", "$.buckets[1].values['0639084384000000000']")]
    [InlineData("latency-sum", "$.totals.timing.latency.sum")]
    [InlineData("bin-index", "$.totals.timing.latency.sketch.bins[0]")]
    [InlineData("bin-pair", "$.totals.timing.latency.sketch.bins[0]")]
    [InlineData("first-after-last", "$.lastUtcTicks")]
    [InlineData("base64", "$.sessions")]
    [InlineData("dimension", "$.options.groupBy[0]")]
    [InlineData("bucket-size", "$.options.timeBuckets[0]")]
    public void FromJson_BadNumberOrValue_ThrowsNamingTheField(string change, string expected)
    {
        var json = Mutate(state => BadValue(state, change));

        var exception = ReadFails(json);

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("n", "$.totals.n")]
    [InlineData("failures", "$.groups[1].values['gpt-4o'].failures")]
    [InlineData("sketch-zeros", "$.totals.timing.latency.sketch.zeros")]
    [InlineData("bin-count", "$.totals.timing.latency.sketch.bins[0]")]
    [InlineData("stats-count", "$.totals.timing.failedLatency.count")]
    public void FromJson_NegativeCount_ThrowsNamingTheCount(string change, string expected)
    {
        var json = Mutate(state =>
        {
            switch (change)
            {
                case "n": state["totals"]!["n"] = -1; break;
                case "failures": Group(state, 1, "gpt-4o")["failures"] = -2; break;
                case "sketch-zeros": Stats(state, "latency")["sketch"]!["zeros"] = -1; break;
                case "bin-count": Stats(state, "latency")["sketch"]!["bins"]![0]![1] = -1; break;
                default: Stats(state, "failedLatency")["count"] = -4; break;
            }
        });

        var exception = ReadFails(json);

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.Contains("negative", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fewer-groups", "$.groups")]
    [InlineData("renamed-group", "$.groups[1].dimension")]
    [InlineData("fewer-buckets", "$.buckets")]
    [InlineData("swapped-buckets", "$.buckets[0].size")]
    [InlineData("hour-slots", "$.hourOfDay")]
    [InlineData("timing-not-kept", "$.groups[0].values['openai'].timing")]
    [InlineData("users-not-kept", "$.users")]
    [InlineData("blank-key", "$.groups[1].values[' ']")]
    public void FromJson_StateNotMatchingItsOptions_ThrowsNamingTheMismatch(string change, string expected)
    {
        var json = Mutate(state => Mismatch(state, change));

        var exception = ReadFails(json);

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version", "'version' in $")]
    [InlineData("group", "'gpt-4o' in $.groups[1].values")]
    [InlineData("count", "'n' in $.totals")]
    public void FromJson_DuplicateKey_ThrowsNamingTheKey(string change, string expected)
    {
        var golden = GoldenState.Read(GoldenState.V1FileName);
        var group = JsonNode.Parse(golden)!["groups"]![1]!["values"]!["gpt-4o"]!.ToJsonString();
        var json = change switch
        {
            "version" => golden.Replace("""{"version":1,""", """{"version":1,"version":1,""", StringComparison.Ordinal),
            "group" => golden.Replace("""{"gpt-4o":""", """{"gpt-4o":""" + group + ""","gpt-4o":""", StringComparison.Ordinal),
            _ => golden.Replace(""","totals":{"n":30,""", ""","totals":{"n":30,"n":30,""", StringComparison.Ordinal),
        };
        Assert.NotEqual(golden, json);

        var exception = ReadFails(json);

        Assert.Contains("repeats the key " + expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_UnknownMember_ThrowsNamingTheMember()
    {
        var json = Mutate(state => state["totals"]!["refunds"] = "0");

        var exception = ReadFails(json);

        Assert.Contains("'refunds'", exception.Message, StringComparison.Ordinal);
    }

    private static UsageStateFormatException ReadFails(string json) =>
        Assert.Throws<UsageStateFormatException>(() => UsageAccumulator.FromJson(json));

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
