namespace UsageAnalytics.Pricing;

/// <summary>A model whose rows have no actual cost and that the price book cannot price, with why and how many rows.</summary>
public sealed record CoverageUnpricedModel
{
    /// <summary>Gets the rows' <see cref="Records.UsageRecord.Model"/> as written; the empty string for rows without one
    /// (null or blank, <see cref="PriceStatus.NoModel"/>).</summary>
    public required string Model { get; init; }

    /// <summary>Gets why the book cannot price it (<see cref="PriceStatus.UnknownModel"/>, <see cref="PriceStatus.NoModel"/>
    /// or <see cref="PriceStatus.NoApplicableRate"/>).</summary>
    public PriceStatus Status { get; init; }

    /// <summary>Gets the number of rows.</summary>
    public long Rows { get; init; }

    /// <summary>Gets the rows' own estimated cost (<see cref="Records.UsageRecord.EstimatedCost"/>), in
    /// <see cref="CoverageReport.Currency"/>: what they are reported at, unconfirmed by the book.</summary>
    public decimal Spend { get; init; }
}
