using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>The aggregator, a front over <see cref="UsageAccumulator"/>, against a naive LINQ reference of the rules.</summary>
public sealed class UsageSummaryAggregatorFrontTests
{
    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Aggregate_RandomRows_MatchesTheNaiveReference(int seed)
    {
        var rows = UsageRecordGenerator.Generate(seed, 300);

        var summary = new UsageSummaryAggregator().Aggregate(rows);

        Assert.Equal(Reference(rows), Counts(summary.Totals));
        foreach (var (dimension, key) in new (UsageDimension, Func<UsageRecord, string?>)[]
        {
            (UsageDimension.Provider, r => r.Provider),
            (UsageDimension.Model, r => r.Model),
            (UsageDimension.Service, r => r.Service),
            (UsageDimension.Status, r => r.Status),
            (UsageDimension.Team, r => r.TeamId),
            (UsageDimension.User, r => r.UserId),
            (UsageDimension.KeyAlias, r => r.KeyAlias),
        })
        {
            Assert.Equal(ReferenceGroups(rows, key), summary.GroupsOf(dimension).Select(g => (g.Key, Counts(g.Figures))));
        }
    }

    [Fact]
    public void Aggregate_NullAndBlankKeys_FormOneNoValueGroup_ALiteralNoneLabelIsAValue()
    {
        var t = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        UsageRecord[] rows =
        [
            new() { Timestamp = t, Model = null, EstimatedCost = 1m },
            new() { Timestamp = t, Model = "  ", EstimatedCost = 2m },
            new() { Timestamp = t, Model = "", EstimatedCost = 4m },
            new() { Timestamp = t, Model = UsageGroup.NoneLabel, EstimatedCost = 0.5m },
            new() { Timestamp = t, Model = "gpt", EstimatedCost = 3m },
        ];

        var summary = new UsageSummaryAggregator().Aggregate(rows);

        Assert.Equal(
            [(null, "(none)", 7m, 3L), ("gpt", "gpt", 3m, 1L), ("(none)", "(none)", 0.5m, 1L)],
            summary.GroupsOf(UsageDimension.Model).Select(g => (g.Key, g.Label, g.Figures.EffectiveCost, g.Figures.Requests)));
    }

    private static List<(string? Key, (long, long, long, long, long, long, decimal, decimal, decimal, long, long, long, long, long, long, long) Figures)> ReferenceGroups(
        List<UsageRecord> rows, Func<UsageRecord, string?> key) =>
        rows.GroupBy(r => string.IsNullOrWhiteSpace(key(r)) ? null : key(r))
            .Select(g => (g.Key, Figures: Reference(g.ToList())))
            .OrderByDescending(g => g.Figures.Item9)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();

    private static (long, long, long, long, long, long, decimal, decimal, decimal, long, long, long, long, long, long, long) Counts(UsageFigures f) =>
        (f.Requests, f.Successes, f.Failures, f.ActualizedCount, f.EstimatedOnlyCount, f.MissingRequestIdCount, f.EstimatedCost, f.ActualCost,
         f.EffectiveCost, f.PromptTokens, f.CompletionTokens, f.CachedPromptTokens, f.CacheWriteTokens, f.ReasoningTokens, f.CacheHits, f.CacheMisses);

    private static (long, long, long, long, long, long, decimal, decimal, decimal, long, long, long, long, long, long, long) Reference(List<UsageRecord> rows) =>
        (rows.Count,
         rows.Count(r => r.IsSuccess),
         rows.Count(r => !r.IsSuccess),
         rows.Count(r => r.ActualCost.HasValue),
         rows.Count(r => !r.ActualCost.HasValue),
         rows.Count(r => string.IsNullOrWhiteSpace(r.RequestId)),
         rows.Sum(r => r.EstimatedCost),
         rows.Sum(r => r.ActualCost ?? 0),
         rows.Sum(r => r.EffectiveCost),
         rows.Sum(r => r.PromptTokens),
         rows.Sum(r => r.CompletionTokens),
         rows.Sum(r => r.CachedPromptTokens),
         rows.Sum(r => r.CacheWriteTokens),
         rows.Sum(r => r.ReasoningTokens),
         rows.Count(r => r.CacheHit == true),
         rows.Count(r => r.CacheHit == false));
}
