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
    /// Gets the number of exported records whose token counts are inconsistent: a negative
    /// <see cref="Records.UsageRecord.PromptTokens"/>, <see cref="Records.UsageRecord.CompletionTokens"/>,
    /// <see cref="Records.UsageRecord.CachedPromptTokens"/> or <see cref="Records.UsageRecord.CacheWriteTokens"/>, or
    /// cached plus cache-write tokens over the prompt tokens (both are subsets of the prompt). Such a record is written
    /// with its counts made consistent: a negative count as 0, the cached input tokens capped at the prompt tokens, the
    /// cache-write tokens at the prompt tokens left after the cached ones (so the input meter is never negative). Its
    /// cost is exported in full; only the token quantities differ from the record.
    /// </summary>
    public long InconsistentTokenRecords { get; init; }

    /// <summary>
    /// Gets the sum of the <c>BilledCost</c> column, in <see cref="FocusExportOptions.Currency"/>: exactly the sum of the
    /// exported records' <see cref="Records.UsageRecord.EffectiveCost"/> (actual cost when known, else estimated).
    /// </summary>
    public decimal BilledCost { get; init; }
}
