using UsageAnalytics.Costs;
using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>How <see cref="CoverageCalculator"/> sorts rows into actual, estimated and unpriced.</summary>
public sealed record CoverageOptions
{
    /// <summary>Gets the default options (see each property's default).</summary>
    public static CoverageOptions Default { get; } = new();

    /// <summary>
    /// Gets the price book that estimates the rows without an actual cost, or null (the default): then every such row
    /// is estimated at its own <see cref="UsageRecord.EstimatedCost"/> and none is unpriced. With a book, a row the
    /// book prices is estimated at the book's cost (plus the breakdown's estimated STT and TTS parts, see
    /// <see cref="CostMerging"/>), and a row it cannot price is unpriced. The book prices in USD, so with a book
    /// <see cref="Currency"/> must be USD.
    /// </summary>
    public PriceBook? PriceBook { get; init; }

    /// <summary>
    /// Gets the ISO 4217 code of the one currency measured (compared case-insensitively). Defaults to <c>USD</c>. Rows in
    /// another currency are counted in <see cref="CoverageReport.OtherCurrencyRows"/> and never summed: money of
    /// different currencies is never added together; measure each currency separately.
    /// </summary>
    public string Currency { get; init; } = UsageRecord.DefaultCurrency;

    /// <summary>
    /// Gets the cost-merging options whose <see cref="CostMergeOptions.EstimatedSttCostKey"/> and
    /// <see cref="CostMergeOptions.EstimatedTtsCostKey"/> name the breakdown's estimated parts that a price book does
    /// not price: a composite speech row's estimate under the book is the book's cost plus those parts, as its actual
    /// cost is LiteLLM's spend plus them (<see cref="CostBreakdownMerger"/>). Defaults to <c>new CostMergeOptions()</c>
    /// (<c>estimated_stt_cost</c>, <c>estimated_tts_cost</c>). Used only with a <see cref="PriceBook"/>.
    /// </summary>
    public CostMergeOptions CostMerging { get; init; } = new();

    /// <summary>Throws when the options are unusable.</summary>
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Currency, nameof(Currency));
        ArgumentNullException.ThrowIfNull(CostMerging, nameof(CostMerging));
        ArgumentException.ThrowIfNullOrWhiteSpace(CostMerging.EstimatedSttCostKey, "CostMerging.EstimatedSttCostKey");
        ArgumentException.ThrowIfNullOrWhiteSpace(CostMerging.EstimatedTtsCostKey, "CostMerging.EstimatedTtsCostKey");
        if (PriceBook is not null && !RowRules.SameCurrency(Currency, PriceEstimate.UsdCurrency))
        {
            throw new ArgumentException(
                "A price book prices in " + PriceEstimate.UsdCurrency + ", so its estimates cannot be measured as " + Currency
                + " spend; measure " + Currency + " rows without a book.", nameof(Currency));
        }
    }
}
