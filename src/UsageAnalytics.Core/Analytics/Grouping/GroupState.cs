namespace UsageAnalytics.Analytics;

/// <summary>The mergeable state of one group (or of the totals, or of one time bucket): a struct, so the dense
/// arrays of <see cref="DimensionTable"/> and <see cref="BucketTable"/> keep it inline and a lookup costs one dependent
/// cache miss fewer. Always update it through a
/// <see langword="ref"/>; a copy must never be changed (it shares <see cref="Timing"/> with the original).</summary>
/// <remarks>
/// Kept to under three cache lines because every row updates several of these and high-cardinality dimensions
/// (users) miss the cache: latency statistics live in an optional <see cref="GroupTiming"/>; money is three <see cref="Int128"/> fixed-point sums with the rare exact-decimal remainders in
/// a lazily allocated side object; the effective cost is derived as actual + estimated-only, and successes and
/// estimated-only counts are derived too.
/// </remarks>
internal struct GroupState
{
    public long Requests;
    public long Failures;
    public long Actualized;
    public long MissingRequestId;
    public long CacheKnown;
    public long CacheHits;

    /// <summary>Total tokens of the response-cache hits.</summary>
    public long CacheHitTokens;

    /// <summary>Total tokens of the known response-cache misses.</summary>
    public long CacheMissTokens;
    public long PromptTokens;
    public long CompletionTokens;
    public long CachedPromptTokens;
    public long CacheWriteTokens;
    public long ReasoningTokens;
    public Int128 EstimatedUnits;
    public Int128 ActualUnits;

    /// <summary>The estimated cost of the rows without an actual cost.</summary>
    public Int128 EstimatedOnlyUnits;

    /// <summary>The latency and time-to-first-token state, for groups that keep it; otherwise <see langword="null"/>.</summary>
    public GroupTiming? Timing;

    private MoneyOverflow? _overflow;

    /// <summary>Returns an empty group.</summary>
    /// <param name="timingAccuracy">The sketch accuracy of a group that keeps latency statistics and percentiles, or
    /// <see langword="null"/> for a group that keeps counts, tokens and money only (under three cache lines).</param>
    /// <param name="tokenSketch">Whether the timing state also keeps a sketch of tokens per request (the totals only).</param>
    public static GroupState Create(double? timingAccuracy, bool tokenSketch = false) =>
        new() { Timing = timingAccuracy is { } accuracy ? new GroupTiming(accuracy, tokenSketch) : null };

    public MoneySum Estimated
    {
        readonly get => new() { Units = EstimatedUnits, Overflow = _overflow?.Estimated ?? 0 };
        set
        {
            EstimatedUnits = value.Units;
            if (value.Overflow != 0 || _overflow is not null)
            {
                (_overflow ??= new MoneyOverflow()).Estimated = value.Overflow;
            }
        }
    }

    public MoneySum Actual
    {
        readonly get => new() { Units = ActualUnits, Overflow = _overflow?.Actual ?? 0 };
        set
        {
            ActualUnits = value.Units;
            if (value.Overflow != 0 || _overflow is not null)
            {
                (_overflow ??= new MoneyOverflow()).Actual = value.Overflow;
            }
        }
    }

    public MoneySum EstimatedOnly
    {
        readonly get => new() { Units = EstimatedOnlyUnits, Overflow = _overflow?.EstimatedOnly ?? 0 };
        set
        {
            EstimatedOnlyUnits = value.Units;
            if (value.Overflow != 0 || _overflow is not null)
            {
                (_overflow ??= new MoneyOverflow()).EstimatedOnly = value.Overflow;
            }
        }
    }

    public readonly MoneySum Effective => Actual + EstimatedOnly;

    public void Add(in RowFigures row)
    {
        if (row.AllFixed && Requests < FixedMoney.UncheckedRowLimit)
        {
            // Each fixed row amount is below 2^96 units, so fewer than 2^31 of them cannot overflow.
            EstimatedUnits += row.Estimated.Units;
            if (row.Actualized != 0)
            {
                ActualUnits += row.Actual.Units;
            }
            else
            {
                EstimatedOnlyUnits += row.Estimated.Units;
            }
        }
        else
        {
            AddMoneySlow(in row);
        }

        Requests++;
        Failures += row.Failure;
        Actualized += row.Actualized;
        MissingRequestId += row.MissingRequestId;
        CacheKnown += row.CacheKnown;
        CacheHits += row.CacheHit;
        CacheHitTokens += row.CacheHitTokens;
        CacheMissTokens += row.CacheMissTokens;
        PromptTokens += row.PromptTokens;
        CompletionTokens += row.CompletionTokens;
        CachedPromptTokens += row.CachedPromptTokens;
        CacheWriteTokens += row.CacheWriteTokens;
        ReasoningTokens += row.ReasoningTokens;
        Timing?.Add(in row);
    }

    public void Merge(in GroupState other)
    {
        Requests += other.Requests;
        Failures += other.Failures;
        Actualized += other.Actualized;
        MissingRequestId += other.MissingRequestId;
        CacheKnown += other.CacheKnown;
        CacheHits += other.CacheHits;
        CacheHitTokens += other.CacheHitTokens;
        CacheMissTokens += other.CacheMissTokens;
        PromptTokens += other.PromptTokens;
        CompletionTokens += other.CompletionTokens;
        CachedPromptTokens += other.CachedPromptTokens;
        CacheWriteTokens += other.CacheWriteTokens;
        ReasoningTokens += other.ReasoningTokens;
        Estimated += other.Estimated;
        Actual += other.Actual;
        EstimatedOnly += other.EstimatedOnly;
        if (Timing is not null && other.Timing is not null)
        {
            Timing.Merge(other.Timing);
        }
    }

    private void AddMoneySlow(in RowFigures row)
    {
        var estimated = Estimated;
        estimated.Add(row.Estimated);
        Estimated = estimated;
        if (row.Actualized != 0)
        {
            var actual = Actual;
            actual.Add(row.Actual);
            Actual = actual;
        }
        else
        {
            var estimatedOnly = EstimatedOnly;
            estimatedOnly.Add(row.Estimated);
            EstimatedOnly = estimatedOnly;
        }
    }

    /// <summary>The exact decimal remainders of the three money sums; rarely needed, so kept out of line.</summary>
    private sealed class MoneyOverflow
    {
        public decimal Estimated;
        public decimal Actual;
        public decimal EstimatedOnly;
    }
}
