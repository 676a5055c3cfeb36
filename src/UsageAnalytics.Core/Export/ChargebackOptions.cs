using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>
/// Options of <see cref="ChargebackCalculator"/>: whom to charge (the dimension), for which period, in which currency,
/// and how to round.
/// </summary>
public sealed record ChargebackOptions
{
    /// <summary>The default <see cref="DecimalPlaces"/>: 2 (cents).</summary>
    public const int DefaultDecimalPlaces = 2;

    /// <summary>The largest <see cref="DecimalPlaces"/>: 6.</summary>
    public const int MaxDecimalPlaces = 6;

    /// <summary>
    /// Gets the dimension whose values are the accounts charged: for example <see cref="UsageDimension.Team"/>,
    /// <see cref="UsageDimension.KeyAlias"/>, <see cref="UsageDimension.User"/>, <see cref="UsageDimension.Tag"/> or
    /// <c>UsageDimension.Custom("department")</c>. A record is charged to one account only: for
    /// <see cref="UsageDimension.Tag"/>, its first non-blank tag. Records without a value (null, empty or white space)
    /// go to one account whose key is <see langword="null"/> and whose label is <see cref="UsageGroup.NoneLabel"/>.
    /// </summary>
    public required UsageDimension Dimension { get; init; }

    /// <summary>Gets the inclusive start of the period: a record is included when <c>PeriodStart ≤ Timestamp &lt; PeriodEnd</c>.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Gets the exclusive end of the period; it must be later than <see cref="PeriodStart"/>.</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>
    /// Gets the currency of the statement (ISO 4217, compared ignoring case); default <see cref="UsageRecord.DefaultCurrency"/>
    /// (USD). Records in another currency are not charged, only counted in
    /// <see cref="ChargebackStatement.OtherCurrencyRecords"/>: amounts of different currencies are never added.
    /// </summary>
    public string Currency { get; init; } = UsageRecord.DefaultCurrency;

    /// <summary>Gets the number of decimal places amounts are rounded to, 0 to <see cref="MaxDecimalPlaces"/>; default 2.</summary>
    public int DecimalPlaces { get; init; } = DefaultDecimalPlaces;

    /// <summary>
    /// Gets how a midpoint is rounded; default <see cref="MidpointRounding.AwayFromZero"/> (0.125 → 0.13, −0.125 →
    /// −0.13), the commercial rounding finance usually expects, rather than banker's rounding.
    /// </summary>
    public MidpointRounding Rounding { get; init; } = MidpointRounding.AwayFromZero;
}
