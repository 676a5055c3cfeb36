namespace UsageAnalytics.Pricing;

/// <summary>
/// How re-pricing changed the estimated cost of a set of in-range rows (all of them, or one model's): rows, old and new
/// estimated totals, and the difference.
/// </summary>
/// <remarks>Amounts are in <see cref="RepricingReport.Currency"/>. Unpriced rows keep their old estimate, so they add
/// the same amount to <see cref="OldEstimatedCost"/> and <see cref="NewEstimatedCost"/>.</remarks>
public sealed record RepricingDifference
{
    /// <summary>Gets the number of in-range rows in the book's currency: <see cref="RepricedRows"/> + <see cref="UnpricedRows"/>.</summary>
    public long Rows { get; init; }

    /// <summary>Gets the number of rows the book priced (<see cref="RepricingOutcome.Repriced"/>).</summary>
    public long RepricedRows { get; init; }

    /// <summary>Gets the number of rows the book cannot price, which kept their old estimate (<see cref="RepricingOutcome.Unpriced"/>).</summary>
    public long UnpricedRows { get; init; }

    /// <summary>Gets the sum of the rows' estimated costs before re-pricing.</summary>
    public decimal OldEstimatedCost { get; init; }

    /// <summary>Gets the sum of the rows' estimated costs after re-pricing.</summary>
    public decimal NewEstimatedCost { get; init; }

    /// <summary>Gets <see cref="NewEstimatedCost"/> − <see cref="OldEstimatedCost"/>: positive when the book's prices are higher.</summary>
    public decimal Difference { get; init; }
}
