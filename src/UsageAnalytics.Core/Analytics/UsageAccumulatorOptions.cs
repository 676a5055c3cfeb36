using UsageAnalytics.Insights;
namespace UsageAnalytics.Analytics;

/// <summary>What a <see cref="UsageAccumulator"/> keeps: its group dimensions, time buckets, time zone and sketches.</summary>
/// <remarks>
/// Memory is bounded by the number of distinct groups and buckets, never by the number of rows: each group holds
/// about 160 bytes plus, for the dimensions in <see cref="LatencyBy"/>, latency statistics and two quantile sketches
/// of a few KB.
/// Accumulators merge only when their options agree on everything except <see cref="TopCostDriverCount"/>; time
/// zones agree when they are the same zone under two names (<c>UTC</c> and <c>Etc/UTC</c>, a Windows id and its IANA id).
/// "Now" is not an option: it is given when a summary is made (<see cref="UsageAccumulator.ToSummary(DateTimeOffset)"/>).
/// </remarks>
public sealed record UsageAccumulatorOptions
{
    /// <summary>Gets the default options (see each property's default).</summary>
    public static UsageAccumulatorOptions Default { get; } = new();

    /// <summary>
    /// Gets the dimensions to keep per-group figures for. Defaults to provider, model, service, status, team, user
    /// and API key.
    /// </summary>
    public IReadOnlyList<UsageDimension> GroupBy { get; init; } =
    [
        UsageDimension.Provider,
        UsageDimension.Model,
        UsageDimension.Service,
        UsageDimension.Status,
        UsageDimension.Team,
        UsageDimension.User,
        UsageDimension.KeyAlias,
    ];

    /// <summary>
    /// Gets the dimensions (a subset of <see cref="GroupBy"/>) whose groups keep latency, time-to-first-token, token
    /// and throughput statistics (count, mean, min, max, p50/p95/p99; see <see cref="UsageFigures"/>). The totals
    /// always keep them; groups of other dimensions report <see langword="null"/> for these figures.
    /// <see langword="null"/> (the default) means whichever of provider, model and service are in
    /// <see cref="GroupBy"/>: latency statistics cost a few KB per group and most of the time per row, so keep them off
    /// high-cardinality dimensions such as users.
    /// </summary>
    public IReadOnlyList<UsageDimension>? LatencyBy { get; init; }

    /// <summary>
    /// Gets whether time buckets keep latency statistics and percentiles like <see cref="LatencyBy"/> groups (a few KB
    /// per bucket). Defaults to <see langword="false"/>.
    /// </summary>
    public bool LatencyInTimeBuckets { get; init; }

    /// <summary>Gets the time buckets to keep. Defaults to hour and day.</summary>
    public IReadOnlyList<TimeBucketSize> TimeBuckets { get; init; } = [TimeBucketSize.Hour, TimeBucketSize.Day];

    /// <summary>Gets the time zone of the time buckets and of the hour-of-day and weekday patterns. Defaults to UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Gets the first day of a week bucket. Defaults to <see cref="DayOfWeek.Monday"/> (ISO 8601).</summary>
    public DayOfWeek FirstDayOfWeek { get; init; } = DayOfWeek.Monday;

    /// <summary>
    /// Gets whether to estimate distinct users and sessions with a HyperLogLog (16 KB each, standard error 0.81%).
    /// When users (or sessions) are a <see cref="GroupBy"/> dimension the count is exact instead. Defaults to
    /// <see langword="true"/>.
    /// </summary>
    public bool CountDistinct { get; init; } = true;

    /// <summary>Gets the relative accuracy of the percentile sketches, in (0, 1). Defaults to 0.01 (1%).</summary>
    public double RelativeAccuracy { get; init; } = 0.01;

    /// <summary>Gets the number of entries in a summary's top cost drivers. Defaults to 10.</summary>
    public int TopCostDriverCount { get; init; } = 10;

    /// <summary>
    /// Gets the ISO 4217 code of the one currency the accumulator sums (compared case-insensitively). Defaults to
    /// <c>USD</c>. A row in another currency is refused with an <see cref="ArgumentException"/> naming both currencies:
    /// money of different currencies is never added together; keep one accumulator per currency.
    /// </summary>
    public string Currency { get; init; } = Records.UsageRecord.DefaultCurrency;

    /// <summary>Throws when the options are unusable.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(GroupBy);
        ArgumentNullException.ThrowIfNull(TimeBuckets);
        ArgumentNullException.ThrowIfNull(TimeZone);
        ArgumentException.ThrowIfNullOrWhiteSpace(Currency);
        if (!(RelativeAccuracy > 0 && RelativeAccuracy < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(RelativeAccuracy), RelativeAccuracy, "The relative accuracy must be in (0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(TopCostDriverCount);
        foreach (var dimension in GroupBy)
        {
            ArgumentNullException.ThrowIfNull(dimension, nameof(GroupBy));
        }

        foreach (var dimension in LatencyBy ?? [])
        {
            if (!GroupBy.Contains(dimension))
            {
                throw new ArgumentException("Every LatencyBy dimension must also be a GroupBy dimension; '" + dimension?.Name + "' is not.", nameof(LatencyBy));
            }
        }

        if (GroupBy.Distinct().Count() != GroupBy.Count || TimeBuckets.Distinct().Count() != TimeBuckets.Count)
        {
            throw new ArgumentException("GroupBy and TimeBuckets must not repeat an entry.");
        }
    }

    /// <summary>Gets <see cref="LatencyBy"/> with its default applied.</summary>
    internal IReadOnlyList<UsageDimension> EffectiveLatencyBy =>
        LatencyBy ?? [.. GroupBy.Where(d => d.Kind is UsageDimensionKind.Provider or UsageDimensionKind.Model or UsageDimensionKind.Service)];

    /// <summary>Returns why accumulators with these options cannot merge (the setting and both values), or
    /// <see langword="null"/> when they hold mergeable state. Equivalent time zones merge.</summary>
    internal string? DifferenceFrom(UsageAccumulatorOptions other)
    {
        static string Names(IEnumerable<UsageDimension> dimensions) => "[" + string.Join(", ", dimensions.Select(d => d.Name)) + "]";
        static string Sizes(IEnumerable<TimeBucketSize> sizes) => "[" + string.Join(", ", sizes) + "]";
        static string? Differs(string setting, string mine, string theirs) =>
            string.Equals(mine, theirs, StringComparison.Ordinal) ? null : setting + " differs: '" + mine + "' here, '" + theirs + "' in the other accumulator.";

        // Order does not matter: tables and buckets merge by dimension and size.
        return Differs(nameof(GroupBy), Names(GroupBy.Order(DimensionOrder.Instance)), Names(other.GroupBy.Order(DimensionOrder.Instance)))
            ?? Differs(nameof(LatencyBy), Names(EffectiveLatencyBy.Order(DimensionOrder.Instance)), Names(other.EffectiveLatencyBy.Order(DimensionOrder.Instance)))
            ?? Differs(nameof(LatencyInTimeBuckets), LatencyInTimeBuckets.ToString(), other.LatencyInTimeBuckets.ToString())
            ?? Differs(nameof(TimeBuckets), Sizes(TimeBuckets.Order()), Sizes(other.TimeBuckets.Order()))
            ?? (ZoneEquivalence.Same(TimeZone, other.TimeZone) ? null : Differs(nameof(TimeZone), TimeZone.Id, other.TimeZone.Id))
            ?? Differs(nameof(FirstDayOfWeek), FirstDayOfWeek.ToString(), other.FirstDayOfWeek.ToString())
            ?? Differs(nameof(CountDistinct), CountDistinct.ToString(), other.CountDistinct.ToString())
            ?? Differs(nameof(RelativeAccuracy), RelativeAccuracy.ToString("R", System.Globalization.CultureInfo.InvariantCulture), other.RelativeAccuracy.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
            ?? Differs(nameof(Currency), Currency.ToUpperInvariant(), other.Currency.ToUpperInvariant());
    }

    private sealed class DimensionOrder : IComparer<UsageDimension>
    {
        public static readonly DimensionOrder Instance = new();

        public int Compare(UsageDimension? x, UsageDimension? y) => string.CompareOrdinal(x?.Name, y?.Name);
    }
}
