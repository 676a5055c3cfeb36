using UsageAnalytics.Analytics;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>
/// Options of <see cref="FocusExporter"/>: the charge period, the billing currency, the price book that splits a
/// record's cost into meters, and the account and issuer names FOCUS 1.2 requires on every row.
/// </summary>
/// <remarks>
/// FOCUS date/times are UTC (FOCUS 1.2, attribute DateTimeFormat), so there is no time zone option: charge periods are
/// UTC hours or UTC days, and the billing period is the UTC calendar month that contains the charge period.
/// </remarks>
public sealed record FocusExportOptions
{
    /// <summary>The default <see cref="BillingAccountId"/>: <c>default</c>.</summary>
    public const string DefaultBillingAccountId = "default";

    /// <summary>The default <see cref="DefaultProviderName"/>: <c>Unknown</c>.</summary>
    public const string UnknownProviderName = "Unknown";

    /// <summary>The default <see cref="DefaultServiceName"/>: <c>LLM Inference</c>.</summary>
    public const string LlmInferenceServiceName = "LLM Inference";

    /// <summary>
    /// Gets the length of one charge period (one row's <c>ChargePeriodStart</c>..<c>ChargePeriodEnd</c>), in UTC:
    /// <see cref="TimeBucketSize.Hour"/> or <see cref="TimeBucketSize.Day"/> (the default). Any other value makes the
    /// exporter throw <see cref="ArgumentException"/>.
    /// </summary>
    public TimeBucketSize ChargePeriod { get; init; } = TimeBucketSize.Day;

    /// <summary>
    /// Gets the billing currency (ISO 4217, compared ignoring case), written as <c>BillingCurrency</c>; default
    /// <see cref="UsageRecord.DefaultCurrency"/> (USD). Records in another currency are not exported, only counted in
    /// <see cref="FocusExportResult.OtherCurrencyRecords"/>: amounts of different currencies are never added.
    /// </summary>
    public string Currency { get; init; } = UsageRecord.DefaultCurrency;

    /// <summary>
    /// Gets the price book whose list prices split a record's cost into its token meters and give <c>ListCost</c>, or
    /// <see langword="null"/> (the default) to split nothing. Used only when <see cref="Currency"/> is USD, the currency
    /// of LiteLLM's price file; otherwise every record is exported as unpriced.
    /// </summary>
    public PriceBook? PriceBook { get; init; }

    /// <summary>Gets the <c>BillingAccountId</c> of every row (FOCUS: mandatory, not null); default <see cref="DefaultBillingAccountId"/>.</summary>
    public string BillingAccountId { get; init; } = DefaultBillingAccountId;

    /// <summary>Gets the <c>BillingAccountName</c> of every row, or <see langword="null"/> (the default) for an empty cell (FOCUS allows null).</summary>
    public string? BillingAccountName { get; init; }

    /// <summary>
    /// Gets the <c>InvoiceIssuerName</c> (FOCUS: the entity responsible for invoicing, for example a reseller or the
    /// gateway's operator), or <see langword="null"/> (the default) to use each row's <c>ProviderName</c>, as when the
    /// provider bills directly.
    /// </summary>
    public string? InvoiceIssuerName { get; init; }

    /// <summary>
    /// Gets the <c>ProviderName</c> and <c>PublisherName</c> written for a record without a
    /// <see cref="UsageRecord.Provider"/> (FOCUS: not null); default <see cref="UnknownProviderName"/>.
    /// </summary>
    public string DefaultProviderName { get; init; } = UnknownProviderName;

    /// <summary>
    /// Gets the <c>ServiceName</c> written for a record without a <see cref="UsageRecord.Service"/> (FOCUS: not null);
    /// default <see cref="LlmInferenceServiceName"/>.
    /// </summary>
    public string DefaultServiceName { get; init; } = LlmInferenceServiceName;
}
