using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>Figures that mean what they say: each test's numbers are worked out in the test.</summary>
public sealed class UsageSummaryMeaningTests
{
    private static readonly DateTimeOffset _now = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Latency_DescribesSuccessfulCalls_FailedCallsApart()
    {
        // Two successful calls (100 and 300 ms, 40 and 60 completion tokens) and a failed one logged at 0 ms, as
        // LiteLLM logs failures with start = end.
        UsageRecord[] rows =
        [
            Row("s1", _now, 0m) with { LatencyMs = 100, TimeToFirstTokenMs = 10, CompletionTokens = 40 },
            Row("s2", _now, 0m) with { LatencyMs = 300, TimeToFirstTokenMs = 30, CompletionTokens = 60 },
            Row("f1", _now, 0m) with { LatencyMs = 0, TimeToFirstTokenMs = 0, Status = "failure" },
        ];

        var totals = UsageAccumulator.Aggregate(rows).ToSummary(_now).Totals;

        Assert.Equal((2L, 200.0, 100.0, 300.0), (totals.LatencyMs!.Count, totals.LatencyMs.Mean, totals.LatencyMs.Min, totals.LatencyMs.Max));
        Assert.Equal((2L, 20.0), (totals.TimeToFirstTokenMs!.Count, totals.TimeToFirstTokenMs.Mean));
        Assert.Equal((1L, 0.0), (totals.FailedLatencyMs!.Count, totals.FailedLatencyMs.Mean));
        Assert.Equal(100 / 0.4, totals.CompletionTokensPerSecond); // 100 completion tokens over 0.4 s
        Assert.Equal(2L, totals.TokensPerRequest!.Count);
    }

    [Fact]
    public void CacheHitRate_NoneFalseAndAbsentAreMisses_OnlyUnreadableIsUnknown()
    {
        string[] flags = ["\"cache_hit\":\"True\",", "\"cache_hit\":\"None\",", "\"cache_hit\":\"False\",", "", "\"cache_hit\":null,", "\"cache_hit\":\"maybe\","];
        var rows = flags.Select((flag, i) => SpendLogEntry.Parse(
            "{\"request_id\":\"r" + i + "\"," + flag + "\"spend\":0.5,\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15,"
            + "\"startTime\":\"2026-03-10T09:00:00Z\",\"endTime\":\"2026-03-10T09:00:01Z\"}").ToUsageRecord()).ToList();

        var totals = UsageAccumulator.Aggregate(rows).ToSummary(_now).Totals;

        Assert.Equal([true, false, false, false, false, null], rows.Select(r => r.CacheHit));
        Assert.Equal((1L, 4L), (totals.CacheHits, totals.CacheMisses));
        Assert.Equal(0.2, totals.CacheHitRate);
        Assert.Equal((15L, 60L), (totals.CacheHitTokens, totals.CacheMissTokens));
    }

    [Fact]
    public void Currency_AUsdAccumulatorFedOneEurRow_RefusesItNamingBoth()
    {
        var accumulator = new UsageAccumulator();
        accumulator.Add(Row("usd", _now, 10m));

        var error = Assert.Throws<ArgumentException>(() => accumulator.Add(Row("eur-1", _now, 5m) with { Currency = "EUR" }));

        Assert.Contains("EUR", error.Message, StringComparison.Ordinal);
        Assert.Contains("USD", error.Message, StringComparison.Ordinal);
        Assert.Contains("eur-1", error.Message, StringComparison.Ordinal);
        var summary = accumulator.ToSummary(_now);
        Assert.Equal((1L, 10m, "USD"), (summary.Totals.Requests, summary.Totals.EffectiveCost, summary.Currency));
    }

    [Fact]
    public void Currency_AnEurAccumulator_SumsEurRowsAndSaysSo()
    {
        var accumulator = new UsageAccumulator(new UsageAccumulatorOptions { Currency = "EUR" });
        accumulator.Add(Row("a", _now, 1.5m) with { Currency = "EUR" });
        accumulator.Add(Row("b", _now, 2m) with { Currency = "eur" });

        var summary = accumulator.ToSummary(_now);

        Assert.Equal(("EUR", 3.5m), (summary.Currency, summary.Totals.EffectiveCost));
        Assert.Throws<ArgumentException>(() => accumulator.Add(Row("c", _now, 1m)));
    }

    public static TheoryData<string, UsageRecord, string> InvalidRows() => new()
    {
        { "default timestamp", new UsageRecord { RequestId = "bad-1", EstimatedCost = 1m }, "Timestamp" },
        { "negative prompt tokens", Row("bad-2", _now, 1m) with { PromptTokens = -5 }, "PromptTokens" },
        { "negative reasoning tokens", Row("bad-3", _now, 1m) with { ReasoningTokens = -1 }, "ReasoningTokens" },
        { "negative estimated cost", Row("bad-4", _now, -0.01m), "EstimatedCost" },
        { "negative actual cost", Row("bad-5", _now, 1m) with { ActualCost = -2m }, "ActualCost" },
        { "negative latency", Row("bad-6", _now, 1m) with { LatencyMs = -1 }, "LatencyMs" },
        { "NaN latency", Row("bad-7", _now, 1m) with { LatencyMs = double.NaN }, "LatencyMs" },
        { "infinite time to first token", Row("bad-8", _now, 1m) with { TimeToFirstTokenMs = double.PositiveInfinity }, "TimeToFirstTokenMs" },
    };

    [Theory]
    [MemberData(nameof(InvalidRows))]
    public void Add_InvalidRow_IsRefusedNamingTheRowAndField_AndNothingIsCounted(string why, UsageRecord row, string field)
    {
        var accumulator = new UsageAccumulator();

        var error = Assert.Throws<ArgumentException>(() => accumulator.Add(row));

        Assert.Contains(row.RequestId!, error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(field, StringComparison.Ordinal), why + ": " + error.Message);
        Assert.Equal(0, accumulator.Count);
        Assert.Empty(accumulator.ToSummary(_now).TimeSeriesOf(TimeBucketSize.Day));
    }

    [Fact]
    public void Add_NegativeZeroCost_IsZeroNotAnError()
    {
        var accumulator = new UsageAccumulator();

        accumulator.Add(Row("z", _now, -0.00m));

        Assert.Equal(0m, accumulator.ToSummary(_now).Totals.EffectiveCost);
    }

    internal static UsageRecord Row(string id, DateTimeOffset at, decimal cost) =>
        new() { RequestId = id, Timestamp = at, Model = "m", EstimatedCost = cost };
}
