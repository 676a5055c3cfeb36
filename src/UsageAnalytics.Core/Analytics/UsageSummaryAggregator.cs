using System.Diagnostics.CodeAnalysis;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>
/// Summarizes usage rows: exact totals of estimated, actual and effective cost, actualized / estimated-only /
/// missing-request-id counts, token sums, request / success / failure counts, and the same figures grouped by
/// provider, model, service and status. Pure and thread-safe.
/// </summary>
/// <remarks>
/// A thin front over <see cref="UsageAccumulator"/>, which computes the same figures and much more (percentiles, time
/// buckets, any dimension) and merges across partitions. Groups compare keys ordinally; a <see langword="null"/> or blank value forms the <see cref="UsageSummary.NoneKey"/>
/// group. Each group list is sorted by effective cost, descending, then by key. The input is enumerated once.
/// </remarks>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An injectable service: instance members keep it replaceable and configurable.")]
public sealed class UsageSummaryAggregator
{
    // What the issue-2 summary needs and nothing more: four group dimensions, no time buckets, no sketches per group.
    private static readonly UsageAccumulatorOptions _options = new()
    {
        GroupBy = [UsageDimension.Provider, UsageDimension.Model, UsageDimension.Service, UsageDimension.Status],
        LatencyBy = [],
        TimeBuckets = [],
        CountDistinct = false,
    };

    /// <summary>Summarizes usage records.</summary>
    /// <param name="records">The rows to summarize.</param>
    /// <returns>The summary; all zeros and empty groups for no rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> or one of its rows is <see langword="null"/>.</exception>
    public UsageSummary Aggregate(IEnumerable<UsageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var accumulator = new UsageAccumulator(_options);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            accumulator.Add(record);
        }

        return accumulator.ToUsageSummary();
    }

    /// <summary>Summarizes an application's own rows through a projection of their fields.</summary>
    /// <typeparam name="T">The application's row type.</typeparam>
    /// <param name="items">The rows to summarize.</param>
    /// <param name="projection">How to read each field from a row.</param>
    /// <returns>The summary; all zeros and empty groups for no rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or <paramref name="projection"/> is <see langword="null"/>.</exception>
    public UsageSummary Aggregate<T>(IEnumerable<T> items, UsageProjection<T> projection)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(projection);
        var accumulator = new UsageAccumulator(_options);
        foreach (var item in items)
        {
            accumulator.Add(new UsageRecord
            {
                RequestId = projection.RequestId?.Invoke(item),
                Provider = projection.Provider?.Invoke(item),
                Model = projection.Model?.Invoke(item),
                Service = projection.Service?.Invoke(item),
                Status = projection.Status?.Invoke(item),
                EstimatedCost = projection.EstimatedCost(item),
                ActualCost = projection.ActualCost?.Invoke(item),
                PromptTokens = projection.PromptTokens?.Invoke(item) ?? 0,
                CompletionTokens = projection.CompletionTokens?.Invoke(item) ?? 0,
            });
        }

        return accumulator.ToUsageSummary();
    }
}
