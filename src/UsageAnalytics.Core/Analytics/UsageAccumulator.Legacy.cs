namespace UsageAnalytics.Analytics;

/// <content>The issue-2 <see cref="UsageSummary"/> shape, for <see cref="UsageSummaryAggregator"/>.</content>
public sealed partial class UsageAccumulator
{
    /// <summary>
    /// Builds the <see cref="UsageSummary"/> of <see cref="UsageSummaryAggregator"/>: null and blank dimension
    /// values (and a literal <see cref="UsageSummary.NoneKey"/>) form one <see cref="UsageSummary.NoneKey"/> group.
    /// </summary>
    internal UsageSummary ToUsageSummary() => new()
    {
        Totals = TotalsOf(_totals),
        ByProvider = LegacyGroupsOf(UsageDimension.Provider),
        ByModel = LegacyGroupsOf(UsageDimension.Model),
        ByService = LegacyGroupsOf(UsageDimension.Service),
        ByStatus = LegacyGroupsOf(UsageDimension.Status),
    };

    private static UsageTotals TotalsOf(in GroupState state) => new()
    {
        RequestCount = state.Requests,
        SuccessCount = state.Requests - state.Failures,
        FailureCount = state.Failures,
        ActualizedCount = state.Actualized,
        EstimatedOnlyCount = state.Requests - state.Actualized,
        MissingRequestIdCount = state.MissingRequestId,
        EstimatedCost = state.Estimated.Total,
        ActualCost = state.Actual.Total,
        EffectiveCost = state.Effective.Total,
        PromptTokens = state.PromptTokens,
        CompletionTokens = state.CompletionTokens,
        CachedPromptTokens = state.CachedPromptTokens,
        CacheWriteTokens = state.CacheWriteTokens,
        ReasoningTokens = state.ReasoningTokens,
    };

    private UsageGroupSummary[] LegacyGroupsOf(UsageDimension dimension)
    {
        var table = Array.Find(_tables, t => t.Dimension.Equals(dimension));
        if (table is null)
        {
            return [];
        }

        var merged = new Dictionary<string, GroupState>(StringComparer.Ordinal);
        void Put(string key, in GroupState state)
        {
            if (merged.TryGetValue(key, out var existing))
            {
                // Several raw keys share the (none) group: merge into a fresh state so the accumulator is not changed.
                var combined = GroupState.Create(null);
                combined.Merge(in existing);
                combined.Merge(in state);
                merged[key] = combined;
            }
            else
            {
                merged[key] = state;
            }
        }

        if (table.HasNone)
        {
            Put(UsageSummary.NoneKey, in table.None);
        }

        foreach (var (key, state) in table.Groups)
        {
            Put(string.IsNullOrWhiteSpace(key) ? UsageSummary.NoneKey : key, state);
        }

        var result = new UsageGroupSummary[merged.Count];
        var i = 0;
        foreach (var (key, state) in merged)
        {
            result[i++] = new UsageGroupSummary { Key = key, Totals = TotalsOf(in state) };
        }

        Array.Sort(result, static (a, b) =>
        {
            var byCost = b.Totals.EffectiveCost.CompareTo(a.Totals.EffectiveCost);
            return byCost != 0 ? byCost : string.CompareOrdinal(a.Key, b.Key);
        });
        return result;
    }
}
