using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>
/// Reconciles estimated against actual costs (issue "Pricing and reconciliation"): per request, per model, per day and
/// overall; estimated, actual, difference and ratio; rows outside a tolerance band flagged; the largest gaps listed;
/// and for each gap what explains it — token counts (LiteLLM's spend log counted other tokens than the record) or
/// price (same tokens, another rate), with the amount due to each.
/// </summary>
/// <remarks>
/// <para>
/// A row is reconciled when it has an actual cost (<see cref="UsageRecord.ActualCost"/>, which
/// <c>CostBreakdownMerger</c> sets to estimated STT + estimated TTS + LiteLLM's spend) and is in
/// <see cref="ReconciliationOptions.Currency"/>; its estimate is <see cref="UsageRecord.EstimatedCost"/>. The spend
/// log's token counts are the <c>prompt_tokens</c> and <c>completion_tokens</c> the merger writes into
/// <see cref="UsageRecord.CostBreakdown"/>.
/// </para>
/// <para>
/// Splitting a gap: when the spend log's tokens equal the record's, all of it is price. When they differ and
/// <see cref="ReconciliationOptions.PriceBook"/> prices the row (in the row's currency) at both counts, the token effect
/// is the book's estimate at the spend log's tokens − its estimate at the record's tokens, and the price effect is the
/// rest. Otherwise the split is unknown: <see cref="ReconciliationCause.TokenCountsUnpriced"/> or
/// <see cref="ReconciliationCause.SpendLogTokensMissing"/>, with null amounts — never an invented number.
/// </para>
/// <para>
/// Streams are read once, in memory bounded by the number of models, days and <see cref="ReconciliationOptions.LargestGapCount"/>,
/// never by the number of rows. Thread-safe: every call has its own state.
/// </para>
/// </remarks>
public static class Reconciler
{
    /// <summary>Compares one request's estimated and actual cost.</summary>
    /// <param name="record">The record.</param>
    /// <param name="options">The tolerance and price book to use; null for <see cref="ReconciliationOptions.Default"/>.
    /// Only <see cref="ReconciliationOptions.Tolerance"/> and <see cref="ReconciliationOptions.PriceBook"/> apply: one
    /// row is compared in its own currency, whatever <see cref="ReconciliationOptions.Currency"/> says.</param>
    /// <returns>The comparison, or null when the record has no actual cost.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ArgumentException">The record has a negative cost or token count (the message names the row and
    /// the field), or an option is invalid.</exception>
    public static ReconciliationRow? Compare(UsageRecord record, ReconciliationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        options ??= ReconciliationOptions.Default;
        options.Validate();
        RowRules.Check(record, needsTimestamp: false);
        return RowComparer.Compare(record, options.Tolerance, options.PriceBook);
    }

    /// <summary>Reconciles a sequence of records, read once.</summary>
    /// <param name="records">The records, in any order.</param>
    /// <param name="options">The options; null for <see cref="ReconciliationOptions.Default"/>.</param>
    /// <returns>The report; for no rows, figures of 0 with null ratios and no groups or gaps.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// An option is invalid; or a reconciled row is null, has a negative cost or token count, a default timestamp, or
    /// costs whose sum leaves the decimal range (the message names the row and the field).
    /// </exception>
    public static ReconciliationReport Reconcile(IEnumerable<UsageRecord> records, ReconciliationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var run = Start(options);
        foreach (var record in records)
        {
            run.Add(record);
        }

        return run.ToReport();
    }

    /// <summary>Reconciles an asynchronous stream of records, read once.</summary>
    /// <param name="records">The records, in any order.</param>
    /// <param name="options">The options; null for <see cref="ReconciliationOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report, as <see cref="Reconcile"/> makes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Reconcile"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<ReconciliationReport> ReconcileAsync(
        IAsyncEnumerable<UsageRecord> records, ReconciliationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var run = Start(options);
        return ReadAsync(records, run, cancellationToken);
    }

    private static ReconciliationRun Start(ReconciliationOptions? options)
    {
        options ??= ReconciliationOptions.Default;
        options.Validate();
        return new ReconciliationRun(options);
    }

    private static async Task<ReconciliationReport> ReadAsync(
        IAsyncEnumerable<UsageRecord> records, ReconciliationRun run, CancellationToken cancellationToken)
    {
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // A source that ignores the token still stops here.
            cancellationToken.ThrowIfCancellationRequested();
            run.Add(record);
        }

        return run.ToReport();
    }
}
