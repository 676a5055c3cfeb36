namespace UsageAnalytics.Export;

/// <summary>What a <see cref="FocusExporter"/> run read and wrote: every input record is accounted for.</summary>
public sealed record FocusExportResult
{
    /// <summary>Gets the number of records read, exported or not.</summary>
    public long Records { get; init; }

    /// <summary>Gets the number of data rows written (the header row not included).</summary>
    public long RowsWritten { get; init; }

    /// <summary>
    /// Gets the number of records in a currency other than <see cref="FocusExportOptions.Currency"/>: counted here,
    /// not written, and not in <see cref="BilledCost"/>.
    /// </summary>
    public long OtherCurrencyRecords { get; init; }

    /// <summary>
    /// Gets the number of exported records whose cost was not split by price: no price book, a model the price book
    /// does not price, or a list price of 0 for a record that cost something. Their whole cost is on one
    /// <c>Tokens</c> (or <c>Requests</c>) meter row and their <c>ListCost</c> is their estimated cost.
    /// </summary>
    public long UnpricedRecords { get; init; }

    /// <summary>
    /// Gets the sum of the <c>BilledCost</c> column, in <see cref="FocusExportOptions.Currency"/>: exactly the sum of the
    /// exported records' <see cref="Records.UsageRecord.EffectiveCost"/> (actual cost when known, else estimated).
    /// </summary>
    public decimal BilledCost { get; init; }
}
