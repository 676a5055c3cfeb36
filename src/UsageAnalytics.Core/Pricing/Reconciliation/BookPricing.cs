using UsageAnalytics.Costs;
using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>
/// What a price book says a row should cost: the book's estimate when it prices the row in the row's own currency, and
/// the row's estimated cost under the book (that estimate plus the breakdown's estimated STT and TTS parts, which the
/// book does not price, as <see cref="CostBreakdownMerger"/> adds them to the actual cost).
/// </summary>
internal static class BookPricing
{
    /// <summary>The book's estimate when it can stand for the row's cost (priced, same currency); otherwise null, with
    /// the estimate that says why in <paramref name="estimate"/>.</summary>
    public static PriceEstimate? Usable(PriceBook book, UsageRecord record, out PriceEstimate estimate)
    {
        estimate = book.Estimate(record);
        return estimate.IsPriced && RowRules.SameCurrency(estimate.Currency, record.Currency) ? estimate : null;
    }

    /// <summary>The row's estimated cost under the book: its cost plus the estimated parts the book does not price.</summary>
    /// <exception cref="CostBreakdownException">An estimated part of the breakdown is malformed.</exception>
    public static decimal RowEstimate(PriceEstimate estimate, UsageRecord record, CostMergeOptions costMerging) =>
        estimate.Cost + BreakdownValues.EstimatedParts(record.CostBreakdown, costMerging.EstimatedSttCostKey, costMerging.EstimatedTtsCostKey);
}
