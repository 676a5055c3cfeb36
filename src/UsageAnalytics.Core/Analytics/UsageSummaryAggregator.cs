using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>
/// Summarizes usage rows: exact totals of estimated, actual and effective cost, actualized / estimated-only /
/// missing-request-id counts, token sums, request / success / failure counts, and the same figures grouped by
/// provider, model, service and status. Pure and thread-safe.
/// </summary>
/// <remarks>
/// Groups compare keys ordinally; a <see langword="null"/> or blank value forms the <see cref="UsageSummary.NoneKey"/>
/// group. Each group list is sorted by effective cost, descending, then by key. The input is enumerated once.
/// </remarks>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An injectable service: instance members keep it replaceable and configurable.")]
public sealed class UsageSummaryAggregator
{
    /// <summary>Summarizes usage records.</summary>
    /// <param name="records">The rows to summarize.</param>
    /// <returns>The summary; all zeros and empty groups for no rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> or one of its rows is <see langword="null"/>.</exception>
    public UsageSummary Aggregate(IEnumerable<UsageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var state = new State();
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            state.Add(UsageRow.From(record));
        }

        return state.Build();
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
        var state = new State();
        foreach (var item in items)
        {
            state.Add(new UsageRow(
                projection.RequestId?.Invoke(item),
                projection.Provider?.Invoke(item),
                projection.Model?.Invoke(item),
                projection.Service?.Invoke(item),
                projection.Status?.Invoke(item),
                projection.EstimatedCost(item),
                projection.ActualCost?.Invoke(item),
                projection.PromptTokens?.Invoke(item) ?? 0,
                projection.CompletionTokens?.Invoke(item) ?? 0,
                0,
                0,
                0));
        }

        return state.Build();
    }

    private sealed class State
    {
        private readonly TotalsBuilder _totals = new();
        private readonly Dictionary<string, TotalsBuilder> _providers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TotalsBuilder> _models = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TotalsBuilder> _services = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TotalsBuilder> _statuses = new(StringComparer.Ordinal);

        public void Add(in UsageRow row)
        {
            _totals.Add(row);
            AddTo(_providers, row.Provider, row);
            AddTo(_models, row.Model, row);
            AddTo(_services, row.Service, row);
            AddTo(_statuses, row.Status, row);
        }

        public UsageSummary Build() => new()
        {
            Totals = _totals.Build(),
            ByProvider = Groups(_providers),
            ByModel = Groups(_models),
            ByService = Groups(_services),
            ByStatus = Groups(_statuses),
        };

        private static void AddTo(Dictionary<string, TotalsBuilder> groups, string? key, in UsageRow row)
        {
            ref var builder = ref CollectionsMarshal.GetValueRefOrAddDefault(
                groups, string.IsNullOrWhiteSpace(key) ? UsageSummary.NoneKey : key, out _);
            builder ??= new TotalsBuilder();
            builder.Add(row);
        }

        private static UsageGroupSummary[] Groups(Dictionary<string, TotalsBuilder> groups)
        {
            var result = new UsageGroupSummary[groups.Count];
            var i = 0;
            foreach (var (key, builder) in groups)
            {
                result[i++] = new UsageGroupSummary { Key = key, Totals = builder.Build() };
            }

            Array.Sort(result, static (a, b) =>
            {
                var byCost = b.Totals.EffectiveCost.CompareTo(a.Totals.EffectiveCost);
                return byCost != 0 ? byCost : string.CompareOrdinal(a.Key, b.Key);
            });
            return result;
        }
    }
}
