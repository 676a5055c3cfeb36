using UsageAnalytics.Analytics;

namespace UsageAnalytics.Insights;

/// <summary>A period compared with the period of equal length just before it, counted exactly from time buckets.</summary>
/// <remarks>
/// Both periods are whole buckets of <see cref="Resolution"/>, so the figures cover exactly
/// [<see cref="PreviousStart"/>, <see cref="PreviousEnd"/>) and [<see cref="CurrentStart"/>, <see cref="CurrentEnd"/>),
/// never an approximation from coarser buckets. Changes are percentages ((current − previous) / previous × 100) and
/// are <see langword="null"/>, never infinite, when the previous value is zero.
/// </remarks>
public sealed record PeriodComparison
{
    /// <summary>Gets the bucket size both periods are made of.</summary>
    public required TimeBucketSize Resolution { get; init; }

    /// <summary>Gets the start of the current period (inclusive).</summary>
    public required DateTimeOffset CurrentStart { get; init; }

    /// <summary>Gets the end of the current period (exclusive).</summary>
    public required DateTimeOffset CurrentEnd { get; init; }

    /// <summary>Gets the start of the previous period (inclusive): <see cref="CurrentStart"/> minus the period's length.</summary>
    public required DateTimeOffset PreviousStart { get; init; }

    /// <summary>Gets the end of the previous period (exclusive), equal to <see cref="CurrentStart"/>.</summary>
    public required DateTimeOffset PreviousEnd { get; init; }

    /// <summary>Gets the figures of the current period (counts, tokens and money; no latency statistics).</summary>
    public required UsageFigures Current { get; init; }

    /// <summary>Gets the figures of the previous period (counts, tokens and money; no latency statistics).</summary>
    public required UsageFigures Previous { get; init; }

    /// <summary>Gets the change in requests, in percent, or <see langword="null"/> when the previous period had none.</summary>
    public double? RequestsChangePercent { get; init; }

    /// <summary>Gets the change in successful requests, in percent, or <see langword="null"/> when the previous period had none.</summary>
    public double? SuccessesChangePercent { get; init; }

    /// <summary>Gets the change in effective cost, in percent, or <see langword="null"/> when the previous cost was zero.</summary>
    public double? EffectiveCostChangePercent { get; init; }

    /// <summary>Gets the change in total tokens, in percent, or <see langword="null"/> when the previous period had none.</summary>
    public double? TotalTokensChangePercent { get; init; }

    /// <summary>Gets the change in failures, in percent, or <see langword="null"/> when the previous period had none.</summary>
    public double? FailuresChangePercent { get; init; }
}
