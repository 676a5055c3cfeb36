namespace UsageAnalytics.Pricing;

/// <summary>The outcome of re-pricing a historical range (<see cref="Repricer"/>): the difference overall and per model,
/// and the rows left alone.</summary>
public sealed record RepricingReport
{
    /// <summary>Gets the ISO 4217 code of every amount: the book's currency (<see cref="PriceEstimate.UsdCurrency"/>).</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the first instant of the range (inclusive).</summary>
    public DateTimeOffset From { get; init; }

    /// <summary>Gets the end of the range (exclusive).</summary>
    public DateTimeOffset Until { get; init; }

    /// <summary>Gets the difference over every in-range row in <see cref="Currency"/>, with the repriced and unpriced counts.</summary>
    public required RepricingDifference Overall { get; init; }

    /// <summary>Gets the difference per model, keyed by <see cref="Records.UsageRecord.Model"/> as written (ordinal, in key
    /// order); rows without a model (null or blank) are under the empty string.</summary>
    public required IReadOnlyDictionary<string, RepricingDifference> ByModel { get; init; }

    /// <summary>Gets the number of rows whose timestamp is outside [<see cref="From"/>, <see cref="Until"/>), left unchanged.</summary>
    public long OutsideRangeRows { get; init; }

    /// <summary>Gets the number of in-range rows in another currency, left unchanged and never summed.</summary>
    public long OtherCurrencyRows { get; init; }
}
