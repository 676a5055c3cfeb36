namespace UsageAnalytics.Pricing;

/// <summary>What re-pricing did with one record (<see cref="RepricedRecord.Outcome"/>).</summary>
public enum RepricingOutcome
{
    /// <summary>The record is in the range and the book priced it: its estimated cost is the book's (which may equal the old one).</summary>
    Repriced = 0,

    /// <summary>The record is in the range but the book cannot price it (<see cref="PriceEstimate.Status"/> says why): it keeps its old estimate.</summary>
    Unpriced = 1,

    /// <summary>The record's timestamp is outside [from, until): it is unchanged.</summary>
    OutsideRange = 2,

    /// <summary>The record is in the range but its money is in another currency than the book's (USD): it is unchanged.</summary>
    OtherCurrency = 3,
}
