using UsageAnalytics.Costs;
using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>
/// Measures cost coverage (issue "Pricing and reconciliation"): the share of rows and of spend that is actual,
/// estimated or unpriced, and the unpriced models with their row counts.
/// </summary>
/// <remarks>
/// <para>
/// Each row in <see cref="CoverageOptions.Currency"/> is exactly one of: actual (it has
/// <see cref="UsageRecord.ActualCost"/>); estimated (no actual cost, and <see cref="CoverageOptions.PriceBook"/> prices
/// it, or no book was given); unpriced (no actual cost, and the book cannot price it: its
/// <see cref="PriceEstimate.Status"/> says why). See <see cref="CoverageReport"/> for the spend each kind counts.
/// </para>
/// <para>
/// Rows in other currencies are counted apart and never summed. Streams are read once; memory is bounded by the number
/// of unpriced models, never by the number of rows. Thread-safe: every call has its own state.
/// </para>
/// </remarks>
public static class CoverageCalculator
{
    /// <summary>Measures the coverage of a sequence of records, read once.</summary>
    /// <param name="records">The records.</param>
    /// <param name="options">The price book and currency; null for <see cref="CoverageOptions.Default"/> (no book, USD).</param>
    /// <returns>The report; for no rows, counts and spend of 0 with null shares.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// An option is invalid (a book with a currency other than USD); or a row in the currency is null, has a negative
    /// cost or token count, or costs whose sum leaves the decimal range (the message names the row and the field).
    /// </exception>
    /// <exception cref="CostBreakdownException">With a book, an estimated STT or TTS part of a priced row's breakdown is
    /// not a non-negative number or numeric string.</exception>
    public static CoverageReport Calculate(IEnumerable<UsageRecord> records, CoverageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var run = Start(options);
        foreach (var record in records)
        {
            run.Add(record);
        }

        return run.ToReport();
    }

    /// <summary>Measures the coverage of an asynchronous stream of records, read once.</summary>
    /// <param name="records">The records.</param>
    /// <param name="options">The price book and currency; null for <see cref="CoverageOptions.Default"/> (no book, USD).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report, as <see cref="Calculate"/> makes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Calculate"/>.</exception>
    /// <exception cref="CostBreakdownException">As for <see cref="Calculate"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<CoverageReport> CalculateAsync(
        IAsyncEnumerable<UsageRecord> records, CoverageOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var run = Start(options);
        return ReadAsync(records, run, cancellationToken);
    }

    private static CoverageRun Start(CoverageOptions? options)
    {
        options ??= CoverageOptions.Default;
        options.Validate();
        return new CoverageRun(options);
    }

    private static async Task<CoverageReport> ReadAsync(IAsyncEnumerable<UsageRecord> records, CoverageRun run, CancellationToken cancellationToken)
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
