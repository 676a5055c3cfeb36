namespace UsageAnalytics.Analytics;

/// <summary>Totals of a set of usage rows and their summaries by provider, model, service and status.</summary>
/// <remarks>
/// Each group list is sorted by effective cost, descending, then by key (ordinal); rows whose dimension is
/// <see langword="null"/> or blank form the <see cref="NoneKey"/> group, so the groups of a dimension always add up to
/// <see cref="Totals"/>.
/// </remarks>
public sealed record UsageSummary
{
    /// <summary>The key of the group of rows that have no value for a dimension: <c>(none)</c>.</summary>
    public const string NoneKey = "(none)";

    /// <summary>Gets the figures of all rows.</summary>
    public required UsageTotals Totals { get; init; }

    /// <summary>Gets the summaries by provider.</summary>
    public IReadOnlyList<UsageGroupSummary> ByProvider { get; init; } = [];

    /// <summary>Gets the summaries by model.</summary>
    public IReadOnlyList<UsageGroupSummary> ByModel { get; init; } = [];

    /// <summary>Gets the summaries by service.</summary>
    public IReadOnlyList<UsageGroupSummary> ByService { get; init; } = [];

    /// <summary>Gets the summaries by status.</summary>
    public IReadOnlyList<UsageGroupSummary> ByStatus { get; init; } = [];
}
