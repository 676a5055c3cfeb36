using System.Globalization;

namespace UsageAnalytics.Analytics;

/// <content>Restores one group (totals, group, bucket or pattern slot) of a version 1 document.</content>
internal static partial class AccumulatorStateMapper
{
    /// <summary>Adds a stored group to <paramref name="slot"/>, whose timing (present or not, with a token sketch or
    /// not) the options decided: the stored group must keep exactly the same. Returns the group read (a copy: do not
    /// change it), checked on its own (see <see cref="CheckGroup"/>).</summary>
    private static GroupState ReadGroup(GroupStateV1? stored, string path, ref GroupState slot)
    {
        var group = Need(stored, path);
        var read = new GroupState
        {
            Timing = slot.Timing is null ? null : new GroupTiming(slot.Timing.SketchAccuracy, slot.Timing.HasTokenSketch),
            Requests = Count(group.Requests, path + ".n"),
            Failures = Count(group.Failures, path + ".failures"),
            Actualized = Count(group.Actualized, path + ".actualized"),
            MissingRequestId = Count(group.MissingRequestId, path + ".missingId"),
            CacheKnown = Count(group.CacheKnown, path + ".cacheKnown"),
            CacheHits = Count(group.CacheHits, path + ".cacheHits"),
            CacheHitTokens = Count(group.CacheHitTokens, path + ".cacheHitTokens"),
            CacheMissTokens = Count(group.CacheMissTokens, path + ".cacheMissTokens"),
            PromptTokens = Count(group.PromptTokens, path + ".prompt"),
            CompletionTokens = Count(group.CompletionTokens, path + ".completion"),
            CachedPromptTokens = Count(group.CachedPromptTokens, path + ".cachedPrompt"),
            CacheWriteTokens = Count(group.CacheWriteTokens, path + ".cacheWrite"),
            ReasoningTokens = Count(group.ReasoningTokens, path + ".reasoning"),
            Estimated = Money(group.Estimated, path + ".estimated"),
            Actual = Money(group.Actual, path + ".actual"),
            EstimatedOnly = Money(group.EstimatedOnly, path + ".estimatedOnly"),
        };
        CheckGroup(in read, path);
        if (read.Timing is { } timing)
        {
            ReadTiming(Need(group.Timing, path + ".timing"), path + ".timing", timing);
            CheckTiming(timing, in read, path + ".timing");
        }
        else if (group.Timing is not null)
        {
            throw Bad(path + ".timing", "is present but the options keep no latency statistics for this group");
        }

        slot.Merge(in read);
        return read;
    }

    private static void ReadTiming(TimingStateV1 stored, string path, GroupTiming timing)
    {
        timing.TimedCompletionTokens = Count(stored.TimedCompletionTokens, path + ".timedCompletion");
        timing.TimedLatencyMs = Amount(stored.TimedLatencyMs, path + ".timedLatencyMs");
        ReadStats(stored.Latency, path + ".latency", ref timing.Latency, MaxDurationMs);
        ReadStats(stored.TimeToFirstToken, path + ".ttft", ref timing.TimeToFirstToken, MaxDurationMs);
        ReadStats(stored.FailedLatency, path + ".failedLatency", ref timing.FailedLatency, MaxDurationMs);
        ReadStats(stored.Tokens, path + ".tokens", ref timing.Tokens, MaxTokensPerRow);
        timing.SuccessfulPromptTokens = Count(stored.SuccessfulPromptTokens, path + ".successfulPrompt");
        timing.SuccessfulCompletionTokens = Count(stored.SuccessfulCompletionTokens, path + ".successfulCompletion");
    }

    private static void ReadStats(StatsStateV1? stored, string path, ref RunningStats stats, double maxValue)
    {
        var read = Need(stored, path);
        stats.Count = Count(read.Count, path + ".count");
        if (stats.Count > 0)
        {
            stats.Sum = Amount(Need(read.Sum, path + ".sum"), path + ".sum");
            stats.Min = Amount(Need(read.Min, path + ".min"), path + ".min");
            stats.Max = Amount(Need(read.Max, path + ".max"), path + ".max");
            if (stats.Min > stats.Max)
            {
                throw Bad(path + ".min", "is greater than max");
            }

            CheckStats(in stats, maxValue, path);
        }
        else if (read.Sum is not null || read.Min is not null || read.Max is not null)
        {
            throw Bad(path, "has a sum, min or max but a count of 0");
        }

        if (stats.Sketch is { } sketch)
        {
            ReadSketch(Need(read.Sketch, path + ".sketch"), path + ".sketch", sketch, in stats);
        }
        else if (read.Sketch is not null)
        {
            throw Bad(path + ".sketch", "is present but the options keep no sketch for these statistics");
        }
    }

    private static void ReadSketch(SketchStateV1 stored, string path, QuantileSketch sketch, in RunningStats stats)
    {
        var expectedCount = stats.Count;
        var total = Count(stored.Zeros, path + ".zeros");
        var bins = Need(stored.Bins, path + ".bins");
        var (lower, upper) = SketchRange(sketch, in stats, total, bins.Count, path);
        var previous = long.MinValue;
        for (var i = 0; i < bins.Count; i++)
        {
            var binPath = Index(path + ".bins", i);
            var bin = Need(bins[i], binPath);
            if (bin.Length != 2)
            {
                throw Bad(binPath, "a bin is a pair [index, count]");
            }

            var (index, count) = (bin[0], Count(bin[1], binPath));
            if (index <= previous)
            {
                throw Bad(binPath, "bins must be in ascending index order, each index once");
            }

            if (index < int.MinValue || index > int.MaxValue || !sketch.CanHold((int)index))
            {
                throw Bad(binPath, "the bin index is outside the range of the sketch");
            }

            if (index < lower || index > upper)
            {
                throw Bad(binPath, "the bin holds values outside the statistics' min and max");
            }

            if (count == 0 || count > long.MaxValue - total)
            {
                throw Bad(binPath, "a bin count must be positive, and the counts must fit in 64 bits");
            }

            previous = index;
            total += count;
        }

        if (total != expectedCount)
        {
            throw Bad(path, Invariant($"holds {total} values but the statistics count {expectedCount}"));
        }

        sketch.AddZeros(stored.Zeros);
        foreach (var bin in bins)
        {
            sketch.AddBucket((int)bin[0], bin[1]);
        }
    }

    private static long Count(long value, string path) =>
        value >= 0 ? value : throw Bad(path, "a count cannot be negative (" + value.ToString(CultureInfo.InvariantCulture) + ")");

    /// <summary>A duration sum, bound or token figure: finite and not negative, as every row's are.</summary>
    private static double Amount(double value, string path) =>
        double.IsFinite(value) && value >= 0 ? value : throw Bad(path, "must be a finite, non-negative number (" + value.ToString("R", CultureInfo.InvariantCulture) + ")");

    private static MoneySum Money(MoneyV1? stored, string path)
    {
        var money = Need(stored, path);
        if (!Int128.TryParse(Need(money.Units, path), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var units) || units < 0)
        {
            throw Bad(path, "the atto-units '" + money.Units + "' are not a non-negative integer");
        }

        var side = 0m;
        if (money.Decimal is { } text
            && (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out side) || side < 0))
        {
            throw Bad(path, "the decimal side sum '" + text + "' is not a non-negative decimal");
        }

        return new MoneySum { Units = units, Overflow = side };
    }
}
