using UsageAnalytics.Analytics;

namespace UsageAnalytics.Insights;

/// <summary>A period compared with the period of equal length just before it.</summary>
/// <remarks>
/// Changes are percentages ((current − previous) / previous × 100) and are <see langword="null"/>, never infinite,
/// when the previous value is zero. Periods are resolved at the finest time bucket kept: a bucket counts when its
/// start lies in the period.
/// </remarks>
public sealed record PeriodComparison
{
    /// <summary>Gets the start of the current period (inclusive).</summary>
    public required DateTimeOffset CurrentStart { get; init; }

    /// <summary>Gets the end of the current period (exclusive).</summary>
    public required DateTimeOffset CurrentEnd { get; init; }

    /// <summary>Gets the start of the previous period: <see cref="CurrentStart"/> minus the period's length.</summary>
    public required DateTimeOffset PreviousStart { get; init; }

    /// <summary>Gets the figures of the current period (counts, tokens and money; no latency statistics).</summary>
    public required UsageFigures Current { get; init; }

    /// <summary>Gets the figures of the previous period (counts, tokens and money; no latency statistics).</summary>
    public required UsageFigures Previous { get; init; }

    /// <summary>Gets the change in requests, in percent, or <see langword="null"/> when the previous period had none.</summary>
    public double? RequestsChangePercent { get; init; }

    /// <summary>Gets the change in effective cost, in percent, or <see langword="null"/> when the previous cost was zero.</summary>
    public double? EffectiveCostChangePercent { get; init; }

    /// <summary>Gets the change in total tokens, in percent, or <see langword="null"/> when the previous period had none.</summary>
    public double? TotalTokensChangePercent { get; init; }

    /// <summary>Gets the change in failures, in percent, or <see langword="null"/> when the previous period had none.</summary>
    public double? FailuresChangePercent { get; init; }
}
