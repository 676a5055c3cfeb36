using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>Compares one row's estimate with its actual cost and splits the gap between token counts and price.</summary>
internal static class RowComparer
{
    /// <summary>The comparison of a checked row, or null when it has no actual cost.</summary>
    public static ReconciliationRow? Compare(UsageRecord record, decimal tolerance, PriceBook? book)
    {
        if (record.ActualCost is not { } actual)
        {
            return null;
        }

        var estimated = record.EstimatedCost;
        var difference = actual - estimated;
        var tokens = BreakdownValues.SpendLogTokens(record.CostBreakdown, record.PromptTokens, record.CompletionTokens);
        var (cause, tokenEffect, priceEffect) = Explain(record, difference, tokens, book);
        return new ReconciliationRow
        {
            Record = record,
            Estimated = estimated,
            Actual = actual,
            Difference = difference,
            Ratio = RowRules.Ratio(actual, estimated),
            IsOutsideTolerance = RowRules.IsOutside(estimated, actual, tolerance),
            SpendLogPromptTokens = tokens?.Prompt,
            SpendLogCompletionTokens = tokens?.Completion,
            Cause = cause,
            TokenEffect = tokenEffect,
            PriceEffect = priceEffect,
        };
    }

    private static (ReconciliationCause Cause, decimal? TokenEffect, decimal? PriceEffect) Explain(
        UsageRecord record, decimal difference, (long Prompt, long Completion)? tokens, PriceBook? book)
    {
        if (tokens is not { } spendLog)
        {
            return (ReconciliationCause.SpendLogTokensMissing, null, null);
        }

        if (spendLog.Prompt == record.PromptTokens && spendLog.Completion == record.CompletionTokens)
        {
            return (Classify(0m, difference), 0m, difference);
        }

        // Only the book's own rates can price the token difference: both estimates must be usable in the row's currency.
        if (book is null
            || BookPricing.Usable(book, record, out _) is not { } atRecord
            || BookPricing.Usable(book, RowRules.WithTokens(record, spendLog.Prompt, spendLog.Completion), out _) is not { } atSpendLog)
        {
            return (ReconciliationCause.TokenCountsUnpriced, null, null);
        }

        var tokenEffect = atSpendLog.Cost - atRecord.Cost;
        var priceEffect = difference - tokenEffect;
        return (Classify(tokenEffect, priceEffect), tokenEffect, priceEffect);
    }

    private static ReconciliationCause Classify(decimal tokenEffect, decimal priceEffect) => (tokenEffect, priceEffect) switch
    {
        (0m, 0m) => ReconciliationCause.NoDifference,
        (0m, _) => ReconciliationCause.Price,
        (_, 0m) => ReconciliationCause.TokenCounts,
        _ => ReconciliationCause.TokenCountsAndPrice,
    };
}
