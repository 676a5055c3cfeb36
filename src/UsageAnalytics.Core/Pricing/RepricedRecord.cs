using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>One record after re-pricing (<see cref="Repricer"/>): the record to write back, the one read, and what happened.</summary>
public sealed record RepricedRecord
{
    /// <summary>Gets the record as read (never modified).</summary>
    public required UsageRecord Original { get; init; }

    /// <summary>
    /// Gets the record to write back: when <see cref="Outcome"/> is <see cref="RepricingOutcome.Repriced"/>, a copy of
    /// <see cref="Original"/> whose <see cref="UsageRecord.EstimatedCost"/> is the new estimate (every other field,
    /// <see cref="UsageRecord.ActualCost"/> and the breakdown included, unchanged); otherwise <see cref="Original"/> itself.
    /// </summary>
    public required UsageRecord Record { get; init; }

    /// <summary>Gets what re-pricing did with the record.</summary>
    public RepricingOutcome Outcome { get; init; }

    /// <summary>Gets the book's estimate of an in-range record in the book's currency (priced, or saying why not); null
    /// for <see cref="RepricingOutcome.OutsideRange"/> and <see cref="RepricingOutcome.OtherCurrency"/>.</summary>
    public PriceEstimate? Estimate { get; init; }

    /// <summary>Gets the new estimated cost − the old one, in the record's currency (0 unless repriced).</summary>
    public decimal Difference => Record.EstimatedCost - Original.EstimatedCost;
}
