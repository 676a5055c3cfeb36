using System.Globalization;

namespace UsageAnalytics.Analytics;

/// <content>The consistency rules of a restored state: what every accumulator's state satisfies, so a state that
/// breaks one was not written by an accumulator, and one that keeps them all can be summarized, written and merged
/// without an overflow, an infinity or a huge allocation.</content>
internal static partial class AccumulatorStateMapper
{
    /// <summary>The longest duration the engine accepts, in milliseconds (see <see cref="RecordCheck"/>).</summary>
    private const double MaxDurationMs = 1e10;

    /// <summary>The most tokens one row can have: prompt plus completion, each at most <see cref="long.MaxValue"/>.</summary>
    private const double MaxTokensPerRow = 2.0 * long.MaxValue;

    /// <summary>The most buckets a restored sketch may span (8 bytes each, 32 MB): far more than a latency sketch needs
    /// at 1% accuracy (≈ 3,200 for 1 ns to 10¹⁰ ms); only a very fine relative accuracy comes near it.</summary>
    private const int MaxSketchSpan = 1 << 22;

    /// <summary>The relative rounding a floating-point sum of many values may carry.</summary>
    private const double SumTolerance = 1e-6;

    /// <summary>The largest money sum a state may hold: an eighth of <see cref="decimal.MaxValue"/> (≈ 9.9×10²⁷), so
    /// the effective cost (actual + estimated-only), period sums and a merge with another such state stay in range.</summary>
    private static readonly decimal _maxMoney = decimal.MaxValue / 8;

    /// <summary>The counts of one group against each other, and its money against the range.</summary>
    private static void CheckGroup(in GroupState group, string path)
    {
        NotAbove(group.Failures, group.Requests, path + ".failures", "n");
        NotAbove(group.Actualized, group.Requests, path + ".actualized", "n");
        NotAbove(group.MissingRequestId, group.Requests, path + ".missingId", "n");
        NotAbove(group.CacheKnown, group.Requests, path + ".cacheKnown", "n");
        NotAbove(group.CacheHits, group.CacheKnown, path + ".cacheHits", "cacheKnown");
        var estimated = Total(group.Estimated, path + ".estimated");
        var actual = Total(group.Actual, path + ".actual");
        var estimatedOnly = Total(group.EstimatedOnly, path + ".estimatedOnly");
        if (estimatedOnly > estimated + Tolerance(estimated))
        {
            throw Bad(path + ".estimatedOnly", "is more than the estimated cost it is part of");
        }

        if (group.Requests == 0
            && ((group.PromptTokens | group.CompletionTokens | group.CachedPromptTokens | group.CacheWriteTokens | group.ReasoningTokens
                | group.CacheHitTokens | group.CacheMissTokens) != 0 || estimated != 0 || actual != 0))
        {
            throw Bad(path, "counts no rows but has tokens or money");
        }
    }

    /// <summary>The timing of a group against its counts.</summary>
    private static void CheckTiming(GroupTiming timing, in GroupState group, string path)
    {
        var successes = group.Requests - group.Failures;
        if (timing.Tokens.Count != successes)
        {
            throw Bad(path + ".tokens.count", Invariant($"is {timing.Tokens.Count} but the group has {successes} successful rows"));
        }

        NotAbove(timing.Latency.Count, successes, path + ".latency.count", "the successful rows");
        NotAbove(timing.TimeToFirstToken.Count, successes, path + ".ttft.count", "the successful rows");
        NotAbove(timing.FailedLatency.Count, group.Failures, path + ".failedLatency.count", "failures");
        NotAbove(timing.SuccessfulPromptTokens, group.PromptTokens, path + ".successfulPrompt", "prompt");
        NotAbove(timing.SuccessfulCompletionTokens, group.CompletionTokens, path + ".successfulCompletion", "completion");
        NotAbove(timing.TimedCompletionTokens, timing.SuccessfulCompletionTokens, path + ".timedCompletion", "successfulCompletion");
        if (timing.TimedLatencyMs > (timing.Latency.Sum * (1 + SumTolerance)) + 1e-9)
        {
            throw Bad(path + ".timedLatencyMs", "is more than the latency sum it is part of");
        }
    }

    /// <summary>Count, sum and bounds of one statistic against each other and the engine's limits.</summary>
    private static void CheckStats(in RunningStats stats, double maxValue, string path)
    {
        if (stats.Count == 0)
        {
            return;
        }

        if (stats.Max > maxValue)
        {
            throw Bad(path + ".max", "is above the largest value the engine accepts (" + maxValue.ToString("R", CultureInfo.InvariantCulture) + ")");
        }

        var count = (double)stats.Count;
        if (stats.Sum > (count * stats.Max * (1 + SumTolerance)) + 1e-9 || stats.Sum < count * stats.Min * (1 - SumTolerance))
        {
            throw Bad(path + ".sum", "is not between count × min and count × max");
        }
    }

    /// <summary>The sketch against its statistics: zeros only when the minimum is zero, bins only between the buckets
    /// of the minimum and the maximum, and a span that a dense array can hold.</summary>
    private static (int Lower, int Upper) SketchRange(QuantileSketch sketch, in RunningStats stats, long zeros, int binCount, string path)
    {
        if (zeros > 0 && stats.Min > QuantileSketch.MinIndexable)
        {
            throw Bad(path + ".zeros", "counts values at or below 1e-9 but the minimum is above it");
        }

        if (binCount == 0)
        {
            return (0, -1);
        }

        if (stats.Count == 0 || stats.Max <= QuantileSketch.MinIndexable)
        {
            throw Bad(path + ".bins", "holds values above 1e-9 but the maximum is not above it");
        }

        var lower = sketch.IndexBound(Math.Max(stats.Min, QuantileSketch.MinIndexable));
        var upper = sketch.IndexBound(stats.Max);
        if (lower < int.MinValue || upper > int.MaxValue || upper - lower + 1 > MaxSketchSpan)
        {
            throw Bad(path + ".bins", Invariant($"would span {upper - lower + 1:R} buckets at this relative accuracy; a restored sketch may span at most {MaxSketchSpan}"));
        }

        return ((int)lower, (int)upper);
    }

    /// <summary>One group of a table against the totals: no more rows, and no more money of any kind.</summary>
    private static void CheckWithinTotals(in GroupState group, in GroupState totals, string path)
    {
        if (group.Requests > totals.Requests)
        {
            throw Bad(path + ".n", Invariant($"counts {group.Requests} rows but the totals only {totals.Requests}"));
        }

        WithinTotal(group.Estimated, totals.Estimated, path + ".estimated");
        WithinTotal(group.Actual, totals.Actual, path + ".actual");
        WithinTotal(group.EstimatedOnly, totals.EstimatedOnly, path + ".estimatedOnly");
    }

    /// <summary>Adds a group's money to running sums of a table whose groups split the rows (buckets), refusing a sum
    /// beyond the totals.</summary>
    private static void AddWithinTotals(ref (decimal Estimated, decimal Actual, decimal EstimatedOnly) sums, in GroupState group, in GroupState totals, string path)
    {
        sums.Estimated = SumWithin(sums.Estimated, group.Estimated, totals.Estimated, path);
        sums.Actual = SumWithin(sums.Actual, group.Actual, totals.Actual, path);
        sums.EstimatedOnly = SumWithin(sums.EstimatedOnly, group.EstimatedOnly, totals.EstimatedOnly, path);
    }

    private static decimal SumWithin(decimal sum, in MoneySum money, in MoneySum total, string path)
    {
        var limit = total.Total;
        sum += money.Total;
        return sum <= limit + Tolerance(limit) ? sum : throw Bad(path, "the money of these groups adds up to more than the totals");
    }

    private static void WithinTotal(in MoneySum money, in MoneySum total, string path)
    {
        var limit = total.Total;
        if (money.Total > limit + Tolerance(limit))
        {
            throw Bad(path, "is more than the totals' sum");
        }
    }

    /// <summary>The exact decimal total of a money sum, refusing one beyond <see cref="_maxMoney"/>.</summary>
    private static decimal Total(in MoneySum money, string path)
    {
        var units = FixedMoney.ToDecimal(money.Units);
        if (money.Overflow > _maxMoney || units > _maxMoney - money.Overflow)
        {
            throw Bad(path, "the sum is beyond the range a state may hold (" + _maxMoney.ToString(CultureInfo.InvariantCulture) + ")");
        }

        return units + money.Overflow;
    }

    /// <summary>What decimal rounding of side sums (28 significant digits) may add.</summary>
    private static decimal Tolerance(decimal amount) => (amount / 1_000_000_000_000_000m) + 0.000000000000000001m;

    private static void NotAbove(long value, long limit, string path, string limitName)
    {
        if (value > limit)
        {
            throw Bad(path, Invariant($"is {value}, more than {limitName} ({limit})"));
        }
    }

    private static TEnum EnumName<TEnum>(string name, string path)
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(value.ToString(), name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        throw Bad(path, "'" + name + "' is not one of " + string.Join(", ", Enum.GetNames<TEnum>()));
    }

    private static long Ticks(long ticks, string path) =>
        ticks >= 0 && ticks <= DateTime.MaxValue.Ticks ? ticks : throw Bad(path, "is outside the range of dates");

    private static T Need<T>(T? value, string path)
        where T : class => value ?? throw Missing(path);

    private static T Need<T>(T? value, string path)
        where T : struct => value ?? throw Missing(path);

    private static string Index(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static UsageStateFormatException Missing(string path) => new("The accumulator state is missing '" + path + "'.");

    private static UsageStateFormatException Bad(string path, string problem) => new("The accumulator state is malformed at '" + path + "': " + problem + ".");
}
