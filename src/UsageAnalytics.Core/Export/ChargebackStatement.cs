using UsageAnalytics.Export.Internal;

namespace UsageAnalytics.Export;

/// <summary>
/// A chargeback statement: the spend of one period charged to the accounts of a dimension (team, department, key, tag…),
/// with a line item per model, rounded so that lines add up to their account and accounts to the total exactly.
/// </summary>
/// <remarks>Amounts are in <see cref="ChargebackOptions.Currency"/>; a record's spend is its effective cost (actual when
/// known, else estimated). Every record read is in exactly one of <see cref="RecordsIncluded"/>,
/// <see cref="RecordsOutsidePeriod"/> and <see cref="OtherCurrencyRecords"/>.</remarks>
public sealed partial record ChargebackStatement
{
    /// <summary>Gets the options the statement was made with.</summary>
    public required ChargebackOptions Options { get; init; }

    /// <summary>Gets the accounts, sorted by <see cref="ChargebackAccount.Amount"/> descending, then key (ordinal, no
    /// value first). Never null; empty when no record was included.</summary>
    public IReadOnlyList<ChargebackAccount> Accounts { get; init; } = [];

    /// <summary>Gets the total charged: <see cref="ExactTotal"/> rounded to <see cref="ChargebackOptions.DecimalPlaces"/>
    /// with <see cref="ChargebackOptions.Rounding"/>; equals the sum of the accounts' amounts exactly.</summary>
    public decimal Total { get; init; }

    /// <summary>Gets the exact sum of the included records' effective cost, unrounded.</summary>
    public decimal ExactTotal { get; init; }

    /// <summary>Gets the number of records charged (in the period and the currency).</summary>
    public long RecordsIncluded { get; init; }

    /// <summary>Gets the number of records of the statement's currency whose timestamp is outside [<see cref="ChargebackOptions.PeriodStart"/>,
    /// <see cref="ChargebackOptions.PeriodEnd"/>).</summary>
    public long RecordsOutsidePeriod { get; init; }

    /// <summary>Gets the number of records in another currency than <see cref="ChargebackOptions.Currency"/>: not charged,
    /// whatever their timestamp.</summary>
    public long OtherCurrencyRecords { get; init; }

    /// <summary>Gets the rounding rule the amounts follow, as a sentence for the reader of the statement.</summary>
    public string RoundingRule => ChargebackRounding.Describe(Options);
}
