using UsageAnalytics.Analytics;
using UsageAnalytics.Insights;

namespace UsageAnalytics.Sample;

/// <summary>Everything the text and JSON dashboards print, computed in one pass over the rows.</summary>
internal sealed record DashboardReport
{
    /// <summary>Gets the summary of every accepted row.</summary>
    public required UsageSummary Summary { get; init; }

    /// <summary>Gets the totals of the accepted rows that carry an actual cost (for the estimate's error).</summary>
    public required UsageFigures Actualized { get; init; }

    /// <summary>Gets the last whole hour against the hour before, or <see langword="null"/> when no exact window exists.</summary>
    public PeriodComparison? LastHour { get; init; }

    /// <summary>Gets the number of rows offered to the dashboard.</summary>
    public int Offered { get; init; }

    /// <summary>Gets the rows of a list the engine refused (index and reason).</summary>
    public IReadOnlyList<InputProblem> Refused { get; init; } = [];

    /// <summary>Gets the estimate's error on the actualized rows, in percent: (estimated − actual) / actual × 100;
    /// <see langword="null"/> when no actualized row has a non-zero actual cost.</summary>
    public double? EstimateErrorPercent => Actualized.ActualCost == 0
        ? null
        : (double)((Actualized.EstimatedCost - Actualized.ActualCost) / Actualized.ActualCost * 100);
}
