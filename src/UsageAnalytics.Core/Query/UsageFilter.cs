using UsageAnalytics.Records;

using UsageAnalytics.Analytics;

namespace UsageAnalytics.Query;

/// <summary>Which rows a <see cref="UsageQuery"/> counts. Every condition that is set must hold; unset ones match anything.</summary>
/// <remarks>Value lists match ordinally (an <see cref="ISet{T}"/> is probed with its own comparer, which is faster
/// for long lists) and a row's <see langword="null"/> value never matches a list. Use
/// <see cref="Matches"/> to filter rows for a <see cref="UsageAccumulator"/> too.</remarks>
public sealed record UsageFilter
{
    /// <summary>Gets a filter that matches every row.</summary>
    public static UsageFilter None { get; } = new();

    /// <summary>Gets the earliest timestamp to include (inclusive), or <see langword="null"/>.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the timestamp to stop at (exclusive), or <see langword="null"/>.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets the providers to include, or <see langword="null"/> for any.</summary>
    public IReadOnlyCollection<string>? Providers { get; init; }

    /// <summary>Gets the models to include, or <see langword="null"/> for any.</summary>
    public IReadOnlyCollection<string>? Models { get; init; }

    /// <summary>Gets the services to include, or <see langword="null"/> for any.</summary>
    public IReadOnlyCollection<string>? Services { get; init; }

    /// <summary>Gets the user ids to include, or <see langword="null"/> for any.</summary>
    public IReadOnlyCollection<string>? Users { get; init; }

    /// <summary>Gets the team ids to include, or <see langword="null"/> for any.</summary>
    public IReadOnlyCollection<string>? Teams { get; init; }

    /// <summary>Gets the API key aliases to include, or <see langword="null"/> for any.</summary>
    public IReadOnlyCollection<string>? ApiKeys { get; init; }

    /// <summary>Gets the recorded statuses to include (ordinal), or <see langword="null"/> for any.</summary>
    public IReadOnlyCollection<string>? Statuses { get; init; }

    /// <summary>Gets <see langword="true"/> for successful rows only, <see langword="false"/> for failures only, or
    /// <see langword="null"/> for both (see <see cref="UsageRecord.IsSuccess"/>).</summary>
    public bool? Success { get; init; }

    /// <summary>Gets tags of which a row must carry at least one, or <see langword="null"/> for any.</summary>
    public IReadOnlyCollection<string>? Tags { get; init; }

    /// <summary>Gets custom dimension values a row must all have (key → value, ordinal), or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, string>? Dimensions { get; init; }

    /// <summary>Returns whether a row passes the filter.</summary>
    /// <param name="record">The row.</param>
    /// <returns><see langword="true"/> when every set condition holds.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
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

        if (!In(Providers, record.Provider) || !In(Models, record.Model) || !In(Services, record.Service)
            || !In(Users, record.UserId) || !In(Teams, record.TeamId) || !In(ApiKeys, record.ApiKeyAlias)
            || !In(Statuses, record.Status))
        {
            return false;
        }

        if (Tags is not null && !record.Tags.Any(tag => Contains(Tags, tag)))
        {
            return false;
        }

        if (Dimensions is not null)
        {
            foreach (var (key, value) in Dimensions)
            {
                if (!record.Dimensions.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool In(IReadOnlyCollection<string>? allowed, string? value) =>
        allowed is null || (value is not null && Contains(allowed, value));

    private static bool Contains(IReadOnlyCollection<string> values, string value)
    {
        if (values is ISet<string> set)
        {
            return set.Contains(value);
        }

        foreach (var candidate in values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
