namespace UsageAnalytics.Pricing;

/// <summary>
/// Estimated against actual cost over the rows that have both, overall, per model and per day, with the rows outside
/// the tolerance band counted and the largest gaps explained (<see cref="Reconciler.Reconcile"/>).
/// </summary>
/// <remarks>
/// Every amount is in <see cref="Currency"/>. A row is reconciled when it is in that currency and has an actual cost
/// (<see cref="Records.UsageRecord.ActualCost"/>); its estimate is <see cref="Records.UsageRecord.EstimatedCost"/>.
/// </remarks>
public sealed record ReconciliationReport
{
    /// <summary>Gets the ISO 4217 code of every amount (<see cref="ReconciliationOptions.Currency"/>).</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the time zone of <see cref="ByDay"/>.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>Gets the tolerance band's half-width used, as a ratio of the estimate (0.10 = ±10%).</summary>
    public decimal Tolerance { get; init; }

    /// <summary>Gets the figures over every reconciled row.</summary>
    public required ReconciliationFigures Overall { get; init; }

    /// <summary>
    /// Gets the figures per model, keyed by <see cref="Records.UsageRecord.Model"/> as written (ordinal, in key order);
    /// rows without a model (null or blank) are under the empty string.
    /// </summary>
    public required IReadOnlyDictionary<string, ReconciliationFigures> ByModel { get; init; }

    /// <summary>Gets the figures per calendar day of the row's timestamp in <see cref="TimeZone"/>, in date order.</summary>
    public required IReadOnlyDictionary<DateOnly, ReconciliationFigures> ByDay { get; init; }

    /// <summary>
    /// Gets the rows with the largest gaps, at most <see cref="ReconciliationOptions.LargestGapCount"/>: by
    /// |<see cref="ReconciliationRow.Difference"/>| descending, then earlier timestamp, then request id (ordinal, rows
    /// without one last), then input order. Rows whose difference is 0 are no gap and never listed.
    /// </summary>
    public required IReadOnlyList<ReconciliationRow> LargestGaps { get; init; }

    /// <summary>Gets the number of rows in <see cref="Currency"/> without an actual cost (not reconciled).</summary>
    public long NotActualizedRows { get; init; }

    /// <summary>Gets the number of rows in another currency (not reconciled, never summed).</summary>
    public long OtherCurrencyRows { get; init; }
}
