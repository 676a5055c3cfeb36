using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

public sealed class UsageSummaryAggregatorTests
{
    private static readonly UsageSummaryAggregator Aggregator = new();
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    // Five rows, figures worked out by hand below.
    private static readonly UsageRecord[] HandRows =
    [
        new() { Timestamp = T0, RequestId = "a", Provider = "openai", Model = "gpt-4o", Service = "chat", Status = "success", EstimatedCost = 0.10m, ActualCost = 0.12m, PromptTokens = 100, CompletionTokens = 50, CachedPromptTokens = 40 },
        new() { Timestamp = T0, RequestId = "b", Provider = "openai", Model = "gpt-4o-mini", Service = "chat", Status = null, EstimatedCost = 0.01m, PromptTokens = 10, CompletionTokens = 5 },
        new() { Timestamp = T0, RequestId = " ", Provider = "anthropic", Model = "claude", Service = "chat", Status = "failure", EstimatedCost = 0.30m, PromptTokens = 300, ReasoningTokens = 7 },
        new() { Timestamp = T0, RequestId = null, Provider = null, Model = "whisper-1", Service = "stt", Status = "success", EstimatedCost = 0.05m, ActualCost = 0.04m },
        new() { Timestamp = T0, RequestId = "e", Provider = "anthropic", Model = "claude", Service = "chat", Status = "SUCCESS", EstimatedCost = 0.20m, ActualCost = 0.25m, PromptTokens = 200, CompletionTokens = 100, CacheWriteTokens = 3 },
    ];

    [Fact]
    public void Aggregate_HandWorkedRows_GivesHandWorkedTotals()
    {
        var summary = Aggregator.Aggregate(HandRows);

        var t = summary.Totals;
        Assert.Equal(5, t.Requests);
        Assert.Equal(4, t.Successes);                 // null and "SUCCESS" count as success
        Assert.Equal(1, t.Failures);
        Assert.Equal(3, t.ActualizedCount);              // a, d, e
        Assert.Equal(2, t.EstimatedOnlyCount);           // b, c
        Assert.Equal(2, t.MissingRequestIdCount);        // " " and null
        Assert.Equal(0.66m, t.EstimatedCost);            // .10 + .01 + .30 + .05 + .20
        Assert.Equal(0.41m, t.ActualCost);               // .12 + .04 + .25
        Assert.Equal(0.72m, t.EffectiveCost);            // .12 + .01 + .30 + .04 + .25
        Assert.Equal(610, t.PromptTokens);
        Assert.Equal(155, t.CompletionTokens);
        Assert.Equal(765, t.TotalTokens);
        Assert.Equal(40, t.CachedPromptTokens);
        Assert.Equal(3, t.CacheWriteTokens);
        Assert.Equal(7, t.ReasoningTokens);
    }

    [Fact]
    public void Aggregate_HandWorkedRows_GroupsSortedByEffectiveCostWithNoneGroup()
    {
        var summary = Aggregator.Aggregate(HandRows);

        // anthropic .30 + .25 = .55; openai .12 + .01 = .13; (none) .04
        Assert.Equal(["anthropic", "openai", "(none)"], summary.GroupsOf(UsageDimension.Provider).Select(g => g.Label));
        Assert.Equal([0.55m, 0.13m, 0.04m], summary.GroupsOf(UsageDimension.Provider).Select(g => g.Figures.EffectiveCost));
        Assert.Equal(2, summary.GroupsOf(UsageDimension.Provider)[0].Figures.Requests);
        Assert.Equal(1, summary.GroupsOf(UsageDimension.Provider)[0].Figures.Failures);
        Assert.Equal(1, summary.GroupsOf(UsageDimension.Provider)[0].Figures.MissingRequestIdCount);
        Assert.Equal(["claude", "gpt-4o", "whisper-1", "gpt-4o-mini"], summary.GroupsOf(UsageDimension.Model).Select(g => g.Label));
        Assert.Equal(["chat", "stt"], summary.GroupsOf(UsageDimension.Service).Select(g => g.Label));
        // Status groups are ordinal: "success" and "SUCCESS" are different keys; null is "(none)".
        Assert.Equal(["failure", "SUCCESS", "success", "(none)"], summary.GroupsOf(UsageDimension.Status).Select(g => g.Label));
    }

    [Fact]
    public void Aggregate_Empty_GivesZerosAndNoGroups()
    {
        var summary = Aggregator.Aggregate([]);

        Assert.Equal(0, summary.Totals.Requests);
        Assert.Equal(0m, summary.Totals.EffectiveCost);
        Assert.Empty(summary.GroupsOf(UsageDimension.Provider));
        Assert.Empty(summary.GroupsOf(UsageDimension.Model));
        Assert.Empty(summary.GroupsOf(UsageDimension.Service));
        Assert.Empty(summary.GroupsOf(UsageDimension.Status));
    }

    [Fact]
    public void Aggregate_EqualCosts_TieBrokenByOrdinalKey()
    {
        UsageRecord[] rows = [new() { Timestamp = T0, Model = "b", EstimatedCost = 1m }, new() { Timestamp = T0, Model = "B", EstimatedCost = 1m }, new() { Timestamp = T0, Model = "a", EstimatedCost = 1m }];

        var summary = Aggregator.Aggregate(rows);

        Assert.Equal(["B", "a", "b"], summary.GroupsOf(UsageDimension.Model).Select(g => g.Label));
    }

    [Fact]
    public void Aggregate_ManyTinyAmounts_SumsExactly()
    {
        var rows = Enumerable.Range(0, 10_000).Select(_ => new UsageRecord { Timestamp = T0, EstimatedCost = 0.0000001m, ActualCost = 0.00000003m });

        var summary = Aggregator.Aggregate(rows);

        Assert.Equal(0.001m, summary.Totals.EstimatedCost);
        Assert.Equal(0.0003m, summary.Totals.ActualCost);
    }

    [Fact]
    public void Aggregate_NullRow_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Aggregator.Aggregate([new UsageRecord { Timestamp = T0 }, null!]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Aggregate_RandomRows_GroupsOfEveryDimensionAddUpToTheTotals(int seed)
    {
        var rows = RandomRows(new Random(seed), 2_000);

        var summary = Aggregator.Aggregate(rows);

        foreach (var groups in new[] { summary.GroupsOf(UsageDimension.Provider), summary.GroupsOf(UsageDimension.Model), summary.GroupsOf(UsageDimension.Service), summary.GroupsOf(UsageDimension.Status) })
        {
            Assert.Equal(summary.Totals.Requests, groups.Sum(g => g.Figures.Requests));
            Assert.Equal(summary.Totals.Failures, groups.Sum(g => g.Figures.Failures));
            Assert.Equal(summary.Totals.ActualizedCount, groups.Sum(g => g.Figures.ActualizedCount));
            Assert.Equal(summary.Totals.MissingRequestIdCount, groups.Sum(g => g.Figures.MissingRequestIdCount));
            Assert.Equal(summary.Totals.EstimatedCost, groups.Sum(g => g.Figures.EstimatedCost));
            Assert.Equal(summary.Totals.ActualCost, groups.Sum(g => g.Figures.ActualCost));
            Assert.Equal(summary.Totals.EffectiveCost, groups.Sum(g => g.Figures.EffectiveCost));
            Assert.Equal(summary.Totals.TotalTokens, groups.Sum(g => g.Figures.TotalTokens));
            Assert.Equal(groups.OrderByDescending(g => g.Figures.EffectiveCost).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Label), groups.Select(g => g.Label));
        }

        Assert.Equal(rows.Sum(r => r.EffectiveCost), summary.Totals.EffectiveCost);
        Assert.Equal(summary.Totals.Requests, summary.Totals.ActualizedCount + summary.Totals.EstimatedOnlyCount);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Aggregate_RowOrder_DoesNotChangeTheSummary(int seed)
    {
        var random = new Random(seed);
        var rows = RandomRows(random, 500);
        var shuffled = rows.ToArray();
        random.Shuffle(shuffled);

        var a = Aggregator.Aggregate(rows);
        var b = Aggregator.Aggregate(shuffled);

        Assert.Equal(a.Totals, b.Totals);
        Assert.Equal(a.GroupsOf(UsageDimension.Model), b.GroupsOf(UsageDimension.Model));
        Assert.Equal(a.GroupsOf(UsageDimension.Status), b.GroupsOf(UsageDimension.Status));
    }

    internal static List<UsageRecord> RandomRows(Random random, int count)
    {
        string?[] providers = ["openai", "anthropic", "google", null, ""];
        string?[] models = ["gpt-4o", "gpt-4o-mini", "claude", "gemini", null];
        string?[] services = ["chat", "embeddings", "stt", "tts", null];
        string?[] statuses = ["success", "failure", null];
        var rows = new List<UsageRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var estimate = random.Next(0, 1_000_000) / 1_000_000m;
            rows.Add(new UsageRecord
            {
                Timestamp = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
                RequestId = random.Next(10) == 0 ? null : $"r{i}",
                Provider = providers[random.Next(providers.Length)],
                Model = models[random.Next(models.Length)],
                Service = services[random.Next(services.Length)],
                Status = statuses[random.Next(statuses.Length)],
                EstimatedCost = estimate,
                ActualCost = random.Next(2) == 0 ? null : estimate * 1.05m,
                PromptTokens = random.Next(0, 5000),
                CompletionTokens = random.Next(0, 2000),
            });
        }

        return rows;
    }

}
