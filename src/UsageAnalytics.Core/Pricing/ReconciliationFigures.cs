namespace UsageAnalytics.Pricing;

/// <summary>
/// Estimated against actual cost over a set of reconciled rows (all of them, one model's, or one day's), with how much of
/// the gap the token counts and the price explain.
/// </summary>
/// <remarks>
/// Amounts are in <see cref="ReconciliationReport.Currency"/>; only rows in that currency with an actual cost are
/// counted. <see cref="TokenEffect"/> + <see cref="PriceEffect"/> + <see cref="UnattributedDifference"/> =
/// <see cref="Difference"/>.
/// </remarks>
public sealed record ReconciliationFigures
{
    /// <summary>Gets the number of rows reconciled.</summary>
    public long Rows { get; init; }

    /// <summary>Gets the sum of the rows' estimated costs.</summary>
    public decimal Estimated { get; init; }

    /// <summary>Gets the sum of the rows' actual costs.</summary>
    public decimal Actual { get; init; }

    /// <summary>Gets <see cref="Actual"/> − <see cref="Estimated"/>: positive when the estimates were too low.</summary>
    public decimal Difference { get; init; }

    /// <summary>Gets <see cref="Actual"/> / <see cref="Estimated"/>; null when <see cref="Estimated"/> is 0 (no rows, or
    /// estimates of 0) or the ratio is beyond the decimal range.</summary>
    public decimal? Ratio { get; init; }

    /// <summary>Gets the number of rows outside the tolerance band (<see cref="ReconciliationRow.IsOutsideTolerance"/>).</summary>
    public long OutsideToleranceRows { get; init; }

    /// <summary>Gets the sum of the rows' <see cref="ReconciliationRow.TokenEffect"/> where known.</summary>
    public decimal TokenEffect { get; init; }

    /// <summary>Gets the sum of the rows' <see cref="ReconciliationRow.PriceEffect"/> where known.</summary>
    public decimal PriceEffect { get; init; }

    /// <summary>Gets the sum of the differences of the rows whose split is unknown (<see cref="UnattributedRows"/>).</summary>
    public decimal UnattributedDifference { get; init; }

    /// <summary>Gets the number of rows whose split between tokens and price is unknown
    /// (<see cref="ReconciliationCause.TokenCountsUnpriced"/> or <see cref="ReconciliationCause.SpendLogTokensMissing"/>).</summary>
    public long UnattributedRows { get; init; }
}
