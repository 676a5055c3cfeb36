using System.Text.Json.Nodes;

namespace UsageAnalytics.Analytics;

/// <content>States that parse and match their options but could not have been written by an accumulator: each is
/// refused whole, naming the member, so a restored accumulator never fails later (in ToSummary, ToJson or a merge).</content>
public sealed partial class AccumulatorStateTests
{
    [Theory]
    [InlineData("min-above-max", "$.totals.timing.latency.min")]
    [InlineData("sum-infinite", "$.totals.timing.latency.sum")]
    [InlineData("sum-beyond-count-times-max", "$.totals.timing.latency.sum")]
    [InlineData("duration-beyond-engine-limit", "$.totals.timing.latency.max")]
    [InlineData("money-near-decimal-max", "$.totals.")]
    [InlineData("group-money-above-totals", "$.groups[0].values['openai'].estimated")]
    [InlineData("duplicate-key-escaped", "'gpt-4o'")]
    [InlineData("group-under-wrong-dimension", "$.groups[0]")]
    [InlineData("failures-above-requests", "$.groups[1].values['gpt-4o'].failures")]
    [InlineData("cache-hits-above-known", "$.totals.cacheHits")]
    [InlineData("tokens-count-not-successes", "$.groups[1].values['gpt-4o'].timing.tokens.count")]
    [InlineData("empty-group", "$.groups[0].values['openai'].n")]
    [InlineData("bucket-outside-time-range", "$.buckets[0].values['")]
    [InlineData("bin-outside-min-max", "$.totals.timing.latency.sketch.bins[23]")]
    public void FromJson_InconsistentState_ThrowsNamingTheMember(string change, string expected)
    {
        var json = change == "duplicate-key-escaped"
            ? GoldenState.Read(GoldenState.V1FileName).Replace("""{"gpt-4o":""", """{"gpt\u002D4o":{"n":1},"gpt-4o":""", StringComparison.Ordinal)
            : Mutate(state => Inconsistent(state, change));

        var exception = ReadFails(json);

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_HugeBinIndexUnderAFineAccuracy_IsRefusedWithoutAllocating()
    {
        // A few bytes naming bin 10^9: restoring it would allocate a dense array of about 12 GB.
        var json = Mutate(state =>
        {
            state["options"]!["relativeAccuracy"] = 1e-7;
            Stats(state, "latency")["sketch"]!["bins"]![23]![0] = 1_000_000_000;
        });
        var before = GC.GetAllocatedBytesForCurrentThread();

        var exception = ReadFails(json);

        Assert.Contains("$.totals.timing.latency.sketch.bins", exception.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50_000_000);
    }

    [Fact]
    public void FromJson_StateOfGeneratedRows_RestoresAndRoundTrips()
    {
        var accumulator = UsageAccumulator.Aggregate(UsageRecordGenerator.Generate(7, 2_000), GoldenState.V1Options with { LatencyInTimeBuckets = true });
        var json = accumulator.ToJson();

        var restored = UsageAccumulator.FromJson(json);

        Assert.Equal(json, restored.ToJson());
        SummaryAssert.Equivalent(accumulator.ToSummary(TestClock.Now), restored.ToSummary(TestClock.Now));
    }

    private static void Inconsistent(JsonObject state, string change)
    {
        var totals = state["totals"]!.AsObject();
        switch (change)
        {
            case "min-above-max": Stats(state, "latency")["min"] = 20_000; break;
            case "sum-infinite": Stats(state, "latency")["sum"] = JsonNode.Parse("1e400"); break;
            case "sum-beyond-count-times-max": Stats(state, "latency")["sum"] = 1e300; break;
            case "duration-beyond-engine-limit": Stats(state, "latency")["max"] = 4.5e10; break;
            case "money-near-decimal-max":
                totals["actual"] = new JsonObject { ["units"] = "0", ["decimal"] = "79228162514264337593543950000" };
                totals["estimatedOnly"] = new JsonObject { ["units"] = "0", ["decimal"] = "79228162514264337593543950000" };
                break;
            case "group-money-above-totals": Group(state, 0, "openai")["estimated"] = "900000000000000000000"; break;
            case "group-under-wrong-dimension":
                var openai = Group(state, 0, "openai");
                state["groups"]![0]!["values"]!.AsObject().Remove("openai");
                state["groups"]![1]!["values"]!["openai"] = openai.DeepClone();
                break;
            case "failures-above-requests": Group(state, 1, "gpt-4o")["failures"] = 1_000; break;
            case "cache-hits-above-known": totals["cacheHits"] = 9; break;
            case "tokens-count-not-successes": Group(state, 1, "gpt-4o")["timing"]!["tokens"]!["count"] = 13; break;
            case "empty-group":
                var empty = state["groups"]![2]!["values"]!["chat"]!.DeepClone().AsObject();
                foreach (var name in new[] { "n", "failures", "actualized", "missingId", "cacheKnown", "cacheHits", "cacheHitTokens", "cacheMissTokens", "prompt", "completion", "cachedPrompt", "cacheWrite", "reasoning" })
                {
                    empty[name] = 0;
                }

                empty["estimated"] = "0";
                empty["actual"] = "0";
                empty["estimatedOnly"] = "0";
                state["groups"]![0]!["values"]!["openai"] = empty;
                break;
            case "bucket-outside-time-range":
                var hours = state["buckets"]![0]!["values"]!.AsObject();
                var (key, first) = hours.First();
                hours.Remove(key);
                hours["639000000000000000"] = first;
                break;
            default:
                var bins = Stats(state, "latency")["sketch"]!["bins"]!.AsArray();
                bins[^1]![0] = 900;
                break;
        }
    }
}
