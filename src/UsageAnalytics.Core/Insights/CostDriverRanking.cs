using UsageAnalytics.Analytics;

namespace UsageAnalytics.Insights;

/// <summary>Ranks the groups of every dimension by effective cost into <see cref="UsageSummary.TopCostDrivers"/>:
/// cost descending, ties by dimension name then key (ordinal); groups without cost are left out, and so are the
/// outcome dimensions (status, error type), which say how a call ended rather than who or what spent.</summary>
internal static class CostDriverRanking
{
    public static List<CostDriver> Top(IEnumerable<IReadOnlyList<UsageGroup>> dimensions, decimal total, int count)
    {
        var drivers = new List<CostDriver>();
        foreach (var groups in dimensions)
        {
            foreach (var group in groups)
            {
                if (group.Figures.EffectiveCost != 0 && group.Dimension.Kind is not (UsageDimensionKind.Status or UsageDimensionKind.ErrorType))
                {
                    drivers.Add(new CostDriver
                    {
                        Dimension = group.Dimension,
                        Key = group.Key,
                        EffectiveCost = group.Figures.EffectiveCost,
                        Share = total == 0 ? null : (double)(group.Figures.EffectiveCost / total),
                    });
                }
            }
        }

        drivers.Sort(static (a, b) =>
        {
            var byCost = b.EffectiveCost.CompareTo(a.EffectiveCost);
            if (byCost != 0)
            {
                return byCost;
            }

            var byDimension = string.CompareOrdinal(a.Dimension.Name, b.Dimension.Name);
            return byDimension != 0 ? byDimension : string.CompareOrdinal(a.Key, b.Key);
        });
        if (drivers.Count > count)
        {
            drivers.RemoveRange(count, drivers.Count - count);
        }

        return drivers;
    }
}
