namespace UsageAnalytics.Pricing;

/// <summary>The rows and spend of one kind of cost (actual, estimated or unpriced) and their share of the whole.</summary>
/// <remarks>Amounts are in <see cref="CoverageReport.Currency"/>. Shares are ratios from 0 to 1 (0.25 = a quarter),
/// exact decimal quotients; the three shares of a report add up to 1 within decimal rounding (28 digits).</remarks>
public sealed record CoverageShare
{
    /// <summary>Gets the number of rows.</summary>
    public long Rows { get; init; }

    /// <summary>Gets the spend of the rows.</summary>
    public decimal Spend { get; init; }

    /// <summary>Gets <see cref="Rows"/> / <see cref="CoverageReport.Rows"/>; null when the report has no rows.</summary>
    public decimal? RowShare { get; init; }

    /// <summary>Gets <see cref="Spend"/> / <see cref="CoverageReport.Spend"/>; null when the report's spend is 0.</summary>
    public decimal? SpendShare { get; init; }
}
