using UsageAnalytics.Records;

namespace UsageAnalytics.Alerts;

public sealed class AlertStateAndStoreTests
{
    private static readonly DateTimeOffset _ten = new(2026, 4, 10, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FromJson_RoundTrip_KeepsStatusAndSinceAndEmitsNothingNew()
    {
        var rules = new[] { AlertRule.Create("errs", "errors > 0 over 5m") };
        var store = new AlertWindowStore(rules);
        store.Add(AlertEvaluatorTests.Row(_ten, failed: true));
        var state = new AlertRuleState();
        AlertEvaluator.Evaluate(rules, state, store, _ten.AddMinutes(1));

        var restored = AlertRuleState.FromJson(state.ToJson());
        var next = AlertEvaluator.Evaluate(rules, restored, store, _ten.AddMinutes(2));

        Assert.Equal(AlertStatus.Firing, restored.GetStatus("errs"));
        Assert.Equal(_ten.AddMinutes(1), restored.GetSince("errs"));
        Assert.Equal(AlertStatus.Ok, restored.GetStatus("new rule"));
        Assert.Empty(next.Events);
        Assert.Equal(state.ToJson(), restored.ToJson());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("{\"version\":2,\"rules\":[]}")]
    [InlineData("{\"version\":1,\"rules\":[{\"name\":\"a\",\"status\":\"Bogus\",\"since\":\"2026-04-10T10:00:00+00:00\"}]}")]
    [InlineData("{\"version\":1,\"rules\":[{\"name\":\"a\",\"status\":\"Ok\",\"since\":\"2026-04-10T10:00:00+00:00\"},{\"name\":\"a\",\"status\":\"Ok\",\"since\":\"2026-04-10T10:00:00+00:00\"}]}")]
    public void FromJson_BadJson_ThrowsUsageAnalyticsException(string json)
    {
        Assert.ThrowsAny<UsageAnalyticsException>(() => AlertRuleState.FromJson(json));
    }

    [Fact]
    public void Merge_TwoHalves_EqualsOneStoreFedAllRows()
    {
        var rules = new[]
        {
            AlertRule.Create("a", "spend > 0 over 10m or p50_latency_ms > 0 over 10m"),
            AlertRule.Create("b", "error_rate > 0 over 2h and tokens > 0 over 2h"),
            AlertRule.Create("c", "daily_spend > 0"),
        };
        var rows = AlertEvaluatorTests.FourRows();
        var all = new AlertWindowStore(rules);
        all.AddRange(rows);
        var left = new AlertWindowStore(rules);
        left.AddRange(rows.Where((_, i) => i % 2 == 0));
        var right = new AlertWindowStore(rules);
        right.AddRange(rows.Where((_, i) => i % 2 == 1));

        left.Merge(right);

        var expected = Observed(rules, all);
        Assert.Equal(expected, Observed(rules, left));
        Assert.Equal(4, left.Records);
        // spend 4.5, error_rate 1/4, tokens 135, daily_spend 4.5 (see AlertEvaluatorTests.FourRows).
        Assert.Equal(4.5, expected[0]);
        Assert.Equal(200, expected[1]!.Value, 4.0); // sketch: within 2% of 200
        Assert.Equal(0.25, expected[2]);
        Assert.Equal(135, expected[3]);
        Assert.Equal(4.5, expected[4]);
        Assert.Throws<ArgumentException>(() => left.Merge(new AlertWindowStore([AlertRule.Create("x", "spend > 1 over 3d")])));
    }

    [Fact]
    public void Add_OldRowsAfterNewOnes_IgnoredCountedAndOldBucketsRecycled()
    {
        var rules = new[] { AlertRule.Create("r", "requests > 0 over 1h") };
        var store = new AlertWindowStore(rules);
        for (var hour = 0; hour < 240; hour++)
        {
            store.Add(AlertEvaluatorTests.Row(_ten.AddHours(hour)));
        }

        store.Add(AlertEvaluatorTests.Row(_ten));

        var result = AlertEvaluator.Evaluate(rules, new AlertRuleState(), store, _ten.AddHours(239).AddMinutes(30)).Results[0];

        // Longest window 1h: the row of hour 0 arriving after hour 239 is older than 1h (+ the 60-minute ring) and ignored.
        Assert.Equal(1, store.IgnoredRecords);
        Assert.Equal(240, store.Records);
        Assert.Equal(TimeSpan.FromHours(1), store.LongestWindow);
        // Only hour 239's row is in 09:30–10:30 of the last day: the 239 earlier rows were recycled, not kept.
        Assert.Equal(1, result.Comparisons[0].Observed);
    }

    private static double?[] Observed(AlertRule[] rules, AlertWindowStore store) =>
        AlertEvaluator.Evaluate(rules, new AlertRuleState(), store, _ten.AddMinutes(5)).Results.SelectMany(r => r.Comparisons).Select(c => c.Observed).ToArray();
}
