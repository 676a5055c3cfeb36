using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>How <see cref="Reconciler"/> reconciles estimated against actual costs.</summary>
public sealed record ReconciliationOptions
{
    /// <summary>The default <see cref="Tolerance"/>: 0.10 (±10%).</summary>
    public const decimal DefaultTolerance = 0.10m;

    /// <summary>The default <see cref="LargestGapCount"/>: 10.</summary>
    public const int DefaultLargestGapCount = 10;

    /// <summary>Gets the default options (see each property's default).</summary>
    public static ReconciliationOptions Default { get; } = new();

    /// <summary>
    /// Gets the price book that splits a gap between token counts and price when the spend log's tokens differ from the
    /// record's, or null (the default): then such a gap's split is unknown
    /// (<see cref="ReconciliationCause.TokenCountsUnpriced"/>). The book is used only for rows in its currency (USD).
    /// </summary>
    public PriceBook? PriceBook { get; init; }

    /// <summary>Gets the time zone whose calendar days <see cref="ReconciliationReport.ByDay"/> uses. Defaults to UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// Gets the half-width of the tolerance band as a ratio of the estimate (0.10 = ±10%, the default; greater than or
    /// equal to 0). A row is outside when |actual − estimated| &gt; <see cref="Tolerance"/> × estimated: the edge is inside.
    /// </summary>
    public decimal Tolerance { get; init; } = DefaultTolerance;

    /// <summary>Gets how many of the largest gaps <see cref="ReconciliationReport.LargestGaps"/> lists (greater than or
    /// equal to 0; default 10). Memory grows with it, not with the number of rows.</summary>
    public int LargestGapCount { get; init; } = DefaultLargestGapCount;

    /// <summary>
    /// Gets the ISO 4217 code of the one currency reconciled (compared case-insensitively). Defaults to <c>USD</c>.
    /// Rows in another currency are counted in <see cref="ReconciliationReport.OtherCurrencyRows"/> and never summed:
    /// money of different currencies is never added together; reconcile each currency separately.
    /// </summary>
    public string Currency { get; init; } = UsageRecord.DefaultCurrency;

    /// <summary>Throws when the options are unusable.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeZone, nameof(TimeZone));
        ArgumentException.ThrowIfNullOrWhiteSpace(Currency, nameof(Currency));
        if (Tolerance < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "The tolerance is a ratio of the estimate and must not be negative.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(LargestGapCount, nameof(LargestGapCount));
    }
}
