using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>
/// Prices usage records from LiteLLM's price file (<c>model_prices_and_context_window.json</c>) with LiteLLM's own
/// cost rules, so an estimate equals the <c>spend</c> LiteLLM records for the same tokens. Immutable and thread-safe.
/// </summary>
public sealed partial class PriceBook
{
    /// <summary>
    /// The record dimension that names the service tier a call used (OpenAI's and LiteLLM's <c>service_tier</c>):
    /// <c>flex</c>, <c>priority</c> (or <c>fast</c>), or <c>batch</c> for a batch job; anything else is the standard tier.
    /// </summary>
    public const string ServiceTierDimension = "service_tier";

    /// <summary>Reads a price book from LiteLLM's price-file JSON.</summary>
    /// <param name="json">The price file's text.</param>
    /// <returns>The price book.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="PriceBookFormatException">The text is not a price file; the message names the model and field.</exception>
    public static PriceBook Parse(string json) => throw new NotImplementedException();

    /// <summary>Prices one usage record.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The estimate; never null. An unknown model gives <see cref="PriceStatus.UnknownModel"/>, never a silent zero.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    public PriceEstimate Estimate(UsageRecord record) => throw new NotImplementedException();
}
