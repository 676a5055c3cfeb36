namespace UsageAnalytics.Pricing;

/// <summary>
/// How much of the usage is costed by actual charges, by estimates, or not at all (<see cref="CoverageCalculator"/>):
/// shares of rows and of spend, with the unpriced models and their row counts.
/// </summary>
/// <remarks>
/// Every amount is in <see cref="Currency"/>; rows in other currencies are only counted
/// (<see cref="OtherCurrencyRows"/>). A row is <see cref="Actual"/> when it has an actual cost (spend: that cost);
/// otherwise <see cref="Estimated"/> when the price book prices it (spend: the book's estimate plus the breakdown's
/// estimated STT and TTS parts) or no book was given (spend: its own estimated cost); otherwise
/// <see cref="Unpriced"/> (spend: its own estimated cost, which the book cannot confirm).
/// </remarks>
public sealed record CoverageReport
{
    /// <summary>Gets the ISO 4217 code of every amount (<see cref="CoverageOptions.Currency"/>).</summary>
    public required string Currency { get; init; }

    /// <summary>Gets whether a price book classified the rows without an actual cost.</summary>
    public bool UsedPriceBook { get; init; }

    /// <summary>Gets the number of rows in <see cref="Currency"/>: <see cref="Actual"/> + <see cref="Estimated"/> + <see cref="Unpriced"/>.</summary>
    public long Rows { get; init; }

    /// <summary>Gets the spend of those rows: the sum of the three kinds' spend.</summary>
    public decimal Spend { get; init; }

    /// <summary>Gets the rows with an actual cost.</summary>
    public required CoverageShare Actual { get; init; }

    /// <summary>Gets the rows without an actual cost that are estimated (by the book, or at their own estimate without one).</summary>
    public required CoverageShare Estimated { get; init; }

    /// <summary>Gets the rows without an actual cost that the book cannot price.</summary>
    public required CoverageShare Unpriced { get; init; }

    /// <summary>Gets the unpriced rows per model and reason, by row count descending, then model (ordinal), then status.</summary>
    public required IReadOnlyList<CoverageUnpricedModel> UnpricedModels { get; init; }

    /// <summary>Gets the number of rows in another currency (not measured, never summed).</summary>
    public long OtherCurrencyRows { get; init; }
}
