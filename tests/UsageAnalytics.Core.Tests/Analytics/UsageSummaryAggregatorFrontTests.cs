using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>The aggregator, now a front over <see cref="UsageAccumulator"/>, against a naive reference of the issue-2 rules.</summary>
public sealed class UsageSummaryAggregatorFrontTests
{
    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Aggregate_RandomRows_MatchesTheNaiveReference(int seed)
    {
        var rows = UsageRecordGenerator.Generate(seed, 300);

        var summary = new UsageSummaryAggregator().Aggregate(rows);

        Assert.Equal(Reference(rows), summary.Totals);
        Assert.Equal(ReferenceGroups(rows, r => r.Provider), summary.ByProvider.Select(g => (g.Key, g.Totals)));
        Assert.Equal(ReferenceGroups(rows, r => r.Model), summary.ByModel.Select(g => (g.Key, g.Totals)));
        Assert.Equal(ReferenceGroups(rows, r => r.Service), summary.ByService.Select(g => (g.Key, g.Totals)));
        Assert.Equal(ReferenceGroups(rows, r => r.Status), summary.ByStatus.Select(g => (g.Key, g.Totals)));
    }

    [Fact]
    public void Aggregate_NullBlankAndLiteralNone_FormOneNoneGroup()
    {
        UsageRecord[] rows =
        [
            new() { Model = null, EstimatedCost = 1m },
            new() { Model = "  ", EstimatedCost = 2m },
            new() { Model = UsageSummary.NoneKey, EstimatedCost = 4m },
            new() { Model = "gpt", EstimatedCost = 3m },
        ];

        var summary = new UsageSummaryAggregator().Aggregate(rows);

        Assert.Equal([(UsageSummary.NoneKey, 7m, 3L), ("gpt", 3m, 1L)], summary.ByModel.Select(g => (g.Key, g.Totals.EffectiveCost, g.Totals.RequestCount)));
    }

    private static List<(string Key, UsageTotals Totals)> ReferenceGroups(List<UsageRecord> rows, Func<UsageRecord, string?> key) =>
        rows.GroupBy(r => string.IsNullOrWhiteSpace(key(r)) ? UsageSummary.NoneKey : key(r)!, StringComparer.Ordinal)
            .Select(g => (g.Key, Totals: Reference(g.ToList())))
            .OrderByDescending(g => g.Totals.EffectiveCost)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();

    private static UsageTotals Reference(List<UsageRecord> rows) => new()
    {
        RequestCount = rows.Count,
        SuccessCount = rows.Count(r => r.IsSuccess),
        FailureCount = rows.Count(r => !r.IsSuccess),
        ActualizedCount = rows.Count(r => r.ActualCost.HasValue),
        EstimatedOnlyCount = rows.Count(r => !r.ActualCost.HasValue),
        MissingRequestIdCount = rows.Count(r => string.IsNullOrWhiteSpace(r.RequestId)),
        EstimatedCost = rows.Sum(r => r.EstimatedCost),
        ActualCost = rows.Sum(r => r.ActualCost ?? 0),
        EffectiveCost = rows.Sum(r => r.EffectiveCost),
        PromptTokens = rows.Sum(r => r.PromptTokens),
        CompletionTokens = rows.Sum(r => r.CompletionTokens),
        CachedPromptTokens = rows.Sum(r => r.CachedPromptTokens),
        CacheWriteTokens = rows.Sum(r => r.CacheWriteTokens),
        ReasoningTokens = rows.Sum(r => r.ReasoningTokens),
    };
}
