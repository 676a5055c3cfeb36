using UsageAnalytics.Costs;
using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>
/// Re-prices a historical range in one call (issue "Pricing and reconciliation"): each record whose timestamp is in
/// [from, until) is re-estimated with a price book, and the report gives the difference per model.
/// </summary>
/// <remarks>
/// <para>
/// A repriced record's new <see cref="UsageRecord.EstimatedCost"/> is the book's <see cref="PriceEstimate.Cost"/> (after
/// its adjustments, priced at the prices in force at the record's timestamp) plus the breakdown's estimated STT and TTS
/// parts (<see cref="CostMergeOptions.EstimatedSttCostKey"/>, <see cref="CostMergeOptions.EstimatedTtsCostKey"/>), which
/// the book does not price: the same composite a merged actual cost has (<see cref="CostBreakdownMerger"/>), so a
/// repriced row reconciles like for like. A record the book cannot price keeps its old estimate and is counted as
/// unpriced. Records outside the range, or in another currency than the book's (USD), are passed on unchanged and
/// counted apart. Nothing else of a record changes (its breakdown included).
/// </para>
/// <para>
/// Every record read is handed to the caller's callback in input order, changed or not, so a host can write the rows
/// back. Streams are read once; memory is bounded by the number of models, never by the number of rows.
/// Thread-safe: every call has its own state.
/// </para>
/// </remarks>
public static class Repricer
{
    /// <summary>Re-prices the records in [<paramref name="from"/>, <paramref name="until"/>) with a price book.</summary>
    /// <param name="records">The records, read once.</param>
    /// <param name="priceBook">The price book.</param>
    /// <param name="from">The first instant of the range (inclusive), compared with <see cref="UsageRecord.Timestamp"/>.</param>
    /// <param name="until">The end of the range (exclusive); equal to <paramref name="from"/> for an empty range.</param>
    /// <param name="onRecord">Called with every record read, in input order (see <see cref="RepricedRecord.Record"/>); null
    /// to only report. An exception it throws ends the call.</param>
    /// <param name="costMerging">The breakdown keys of the estimated STT and TTS parts; null for <c>new CostMergeOptions()</c>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> or <paramref name="priceBook"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="until"/> is before <paramref name="from"/>.</exception>
    /// <exception cref="ArgumentException">A part key of <paramref name="costMerging"/> is blank; or a record is null, or an
    /// in-range record in USD has a negative cost or token count or costs whose sum leaves the decimal range (the message
    /// names the row and the field).</exception>
    /// <exception cref="CostBreakdownException">A priced record's estimated STT or TTS part is not a non-negative number or numeric string.</exception>
    public static RepricingReport Reprice(
        IEnumerable<UsageRecord> records,
        PriceBook priceBook,
        DateTimeOffset from,
        DateTimeOffset until,
        Action<RepricedRecord>? onRecord = null,
        CostMergeOptions? costMerging = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var run = Start(priceBook, from, until, costMerging);
        foreach (var record in records)
        {
            var result = run.Add(record);
            onRecord?.Invoke(result);
        }

        return run.ToReport();
    }

    /// <summary>Re-prices the records of an asynchronous stream in [<paramref name="from"/>, <paramref name="until"/>) with a price book.</summary>
    /// <param name="records">The records, read once.</param>
    /// <param name="priceBook">The price book.</param>
    /// <param name="from">The first instant of the range (inclusive), compared with <see cref="UsageRecord.Timestamp"/>.</param>
    /// <param name="until">The end of the range (exclusive); equal to <paramref name="from"/> for an empty range.</param>
    /// <param name="onRecord">Awaited with every record read, in input order, before the next is read; it receives
    /// <paramref name="cancellationToken"/>. Null to only report. An exception it throws ends the call.</param>
    /// <param name="costMerging">The breakdown keys of the estimated STT and TTS parts; null for <c>new CostMergeOptions()</c>.</param>
    /// <param name="cancellationToken">Cancels the read and is passed to <paramref name="onRecord"/>.</param>
    /// <returns>The report, as <see cref="Reprice"/> makes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> or <paramref name="priceBook"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="until"/> is before <paramref name="from"/>.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Reprice"/>.</exception>
    /// <exception cref="CostBreakdownException">As for <see cref="Reprice"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<RepricingReport> RepriceAsync(
        IAsyncEnumerable<UsageRecord> records,
        PriceBook priceBook,
        DateTimeOffset from,
        DateTimeOffset until,
        Func<RepricedRecord, CancellationToken, ValueTask>? onRecord = null,
        CostMergeOptions? costMerging = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var run = Start(priceBook, from, until, costMerging);
        return ReadAsync(records, run, onRecord, cancellationToken);
    }

    private static RepricingRun Start(PriceBook priceBook, DateTimeOffset from, DateTimeOffset until, CostMergeOptions? costMerging)
    {
        ArgumentNullException.ThrowIfNull(priceBook);
        if (until < from)
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, "The end of the range must not be before its start.");
        }

        costMerging ??= new CostMergeOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(costMerging.EstimatedSttCostKey, "costMerging.EstimatedSttCostKey");
        ArgumentException.ThrowIfNullOrWhiteSpace(costMerging.EstimatedTtsCostKey, "costMerging.EstimatedTtsCostKey");
        return new RepricingRun(priceBook, from, until, costMerging);
    }

    private static async Task<RepricingReport> ReadAsync(
        IAsyncEnumerable<UsageRecord> records,
        RepricingRun run,
        Func<RepricedRecord, CancellationToken, ValueTask>? onRecord,
        CancellationToken cancellationToken)
    {
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // A source that ignores the token still stops here.
            cancellationToken.ThrowIfCancellationRequested();
            var result = run.Add(record);
            if (onRecord is not null)
            {
                await onRecord(result, cancellationToken).ConfigureAwait(false);
            }
        }

        return run.ToReport();
    }
}
