using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Query;

/// <summary>Which rows a <see cref="UsageQuery"/> counts: a time window, an outcome, and allowed values for any
/// dimension (built-in fields, tags and free <see cref="UsageRecord.Dimensions"/> alike). Every condition that is set
/// must hold; unset ones match anything.</summary>
/// <remarks>
/// Values follow the one key rule of the engine (see <see cref="UsageGroup"/>): they compare ordinally, and a
/// <see langword="null"/>, empty or white-space value is no value — put <see langword="null"/> among the allowed values
/// to select the rows without one. For <see cref="UsageDimension.Tag"/> a row matches when any of its tags is allowed
/// (or it has no non-blank tag and <see langword="null"/> is allowed). Use <see cref="Matches"/> to filter rows for a
/// <see cref="UsageAccumulator"/> too.
/// </remarks>
/// <example>
/// <code>
/// var filter = UsageFilter.None
///     .Where(UsageDimension.Model, "gpt-4o", "gpt-4o-mini")
///     .Where(UsageDimension.Custom("department"), "search") with { From = start, To = end };
/// </code>
/// </example>
public sealed record UsageFilter
{
    private static readonly IReadOnlyDictionary<UsageDimension, IReadOnlyCollection<string?>> _noValues =
        new Dictionary<UsageDimension, IReadOnlyCollection<string?>>();

    /// <summary>Gets a filter that matches every row.</summary>
    public static UsageFilter None { get; } = new();

    /// <summary>Gets the earliest timestamp to include (inclusive), or <see langword="null"/>.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the timestamp to stop at (exclusive), or <see langword="null"/>.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets <see langword="true"/> for successful rows only, <see langword="false"/> for failures only, or
    /// <see langword="null"/> for both (see <see cref="UsageRecord.IsSuccess"/>).</summary>
    public bool? Success { get; init; }

    /// <summary>Gets the allowed values per dimension; a row must match every entry. Empty by default.</summary>
    public IReadOnlyDictionary<UsageDimension, IReadOnlyCollection<string?>> Values { get; init; } = _noValues;

    /// <summary>Returns a copy of this filter that also requires one of <paramref name="values"/> for <paramref name="dimension"/>
    /// (replacing an earlier condition on the same dimension).</summary>
    /// <param name="dimension">The dimension, for example <see cref="UsageDimension.Model"/> or
    /// <c>UsageDimension.Custom("department")</c>.</param>
    /// <param name="values">The allowed values; <see langword="null"/> among them selects rows without a value.</param>
    /// <returns>The new filter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dimension"/> or <paramref name="values"/> is <see langword="null"/>.</exception>
    public UsageFilter Where(UsageDimension dimension, params string?[] values)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        ArgumentNullException.ThrowIfNull(values);
        var set = new NormalizedValues();
        foreach (var value in values)
        {
            set.Add(DimensionKeyOf(value));
        }

        var copy = new Dictionary<UsageDimension, IReadOnlyCollection<string?>>(Values) { [dimension] = set };
        return this with { Values = copy };
    }

    /// <summary>Returns whether a row passes the filter.</summary>
    /// <param name="record">The row.</param>
    /// <returns><see langword="true"/> when every set condition holds.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Values"/> holds a <see langword="null"/> dimension or value collection.</exception>
    public bool Matches(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if ((From is { } from && record.Timestamp < from) || (To is { } to && record.Timestamp >= to))
        {
            return false;
        }

        if (Success is { } success && record.IsSuccess != success)
        {
            return false;
        }

        foreach (var (dimension, allowed) in Values)
        {
            if (dimension is null || allowed is null)
            {
                throw new InvalidOperationException("UsageFilter.Values must not hold a null dimension or value collection.");
            }

            if (!MatchesDimension(record, dimension, allowed))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesDimension(UsageRecord record, UsageDimension dimension, IReadOnlyCollection<string?> allowed)
    {
        if (dimension.Kind != UsageDimensionKind.Tag)
        {
            return Allows(allowed, DimensionKeyOf(dimension.ValueOf(record)));
        }

        var any = false;
        foreach (var tag in record.Tags)
        {
            if (DimensionKeyOf(tag) is { } key)
            {
                any = true;
                if (Allows(allowed, key))
                {
                    return true;
                }
            }
        }

        return !any && Allows(allowed, null);
    }

    private static string? DimensionKeyOf(string? value) => DimensionKey.Normalize(value);

    /// <summary>Returns whether an allowed-values collection holds a normalized key, under the one key rule whoever
    /// built the collection (a caller's own set may hold blank or differently compared entries).</summary>
    internal static bool Allows(IReadOnlyCollection<string?> values, string? key)
    {
        if (values is NormalizedValues set)
        {
            return set.Contains(key);
        }

        foreach (var candidate in values)
        {
            if (string.Equals(DimensionKeyOf(candidate), key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The values <see cref="Where"/> builds: already normalized, compared ordinally.</summary>
    private sealed class NormalizedValues() : HashSet<string?>(StringComparer.Ordinal);
}
