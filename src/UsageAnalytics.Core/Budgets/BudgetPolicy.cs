using System.Globalization;
using UsageAnalytics.Records;

namespace UsageAnalytics.Budgets;

/// <summary>
/// A spending limit: at most <see cref="Limit"/> <see cref="Currency"/> per <see cref="Period"/> (local to
/// <see cref="TimeZone"/>) for the rows in <see cref="Scope"/>, with alert <see cref="Thresholds"/>.
/// </summary>
/// <remarks>Spend is <see cref="UsageRecord.EffectiveCost"/> (actual cost when known, else the estimate) of the rows in
/// <see cref="Currency"/>; rows in another currency are counted, never converted or added.</remarks>
public sealed record BudgetPolicy
{
    /// <summary>Gets the unique name of the policy (ordinal), used by <see cref="BudgetReport.Find(string)"/>. Required.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the rows the budget covers. Default <see cref="BudgetScope.Global"/>.</summary>
    public BudgetScope Scope { get; init; } = BudgetScope.Global;

    /// <summary>Gets the limit per period in <see cref="Currency"/>; greater than 0.</summary>
    public decimal Limit { get; init; }

    /// <summary>Gets the ISO 4217 currency of <see cref="Limit"/>, compared with <see cref="UsageRecord.Currency"/>
    /// ignoring case. Default <c>USD</c>.</summary>
    public string Currency { get; init; } = UsageRecord.DefaultCurrency;

    /// <summary>Gets the recurring period. Default <see cref="BudgetPeriod.Monthly(int)"/> resetting on the 1st.</summary>
    public BudgetPeriod Period { get; init; } = BudgetPeriod.Monthly();

    /// <summary>Gets the zone whose local midnights bound the periods and days. Default <see cref="TimeZoneInfo.Utc"/>.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// Gets the alert thresholds in percent of <see cref="Limit"/> (greater than 0, at most 100, ascending, distinct).
    /// Default 50, 80, 95.
    /// </summary>
    public IReadOnlyList<decimal> Thresholds { get; init; } = [50m, 80m, 95m];

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A field is invalid; the message names the policy and the field.</exception>
    public void Validate()
    {
        var who = "Budget policy '" + Name + "': ";
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("Budget policy: Name is required and must not be blank.", nameof(Name));
        }

        if (Scope is null)
        {
            throw new ArgumentException(who + "Scope must not be null (use BudgetScope.Global).", nameof(Scope));
        }

        if (Limit <= 0)
        {
            throw new ArgumentException(who + "Limit must be greater than 0, was " + Limit.ToString(CultureInfo.InvariantCulture) + ".", nameof(Limit));
        }

        if (string.IsNullOrWhiteSpace(Currency))
        {
            throw new ArgumentException(who + "Currency must not be blank.", nameof(Currency));
        }

        if (Period is null)
        {
            throw new ArgumentException(who + "Period must not be null.", nameof(Period));
        }

        if (TimeZone is null)
        {
            throw new ArgumentException(who + "TimeZone must not be null.", nameof(TimeZone));
        }

        if (Thresholds is null)
        {
            throw new ArgumentException(who + "Thresholds must not be null (use an empty list for none).", nameof(Thresholds));
        }

        for (var i = 0; i < Thresholds.Count; i++)
        {
            var threshold = Thresholds[i];
            if (threshold is <= 0 or > 100)
            {
                throw new ArgumentException(who + "Thresholds must be percentages greater than 0 and at most 100, found " + threshold.ToString(CultureInfo.InvariantCulture) + ".", nameof(Thresholds));
            }

            if (i > 0 && threshold <= Thresholds[i - 1])
            {
                throw new ArgumentException(who + "Thresholds must be ascending and distinct, found " + threshold.ToString(CultureInfo.InvariantCulture) + " after " + Thresholds[i - 1].ToString(CultureInfo.InvariantCulture) + ".", nameof(Thresholds));
            }
        }
    }

    /// <summary>Whether two policies define the same budget (thresholds compared item by item, equivalent zones equal).</summary>
    internal bool SameDefinition(BudgetPolicy other) =>
        string.Equals(Name, other.Name, StringComparison.Ordinal)
        && Scope == other.Scope
        && Limit == other.Limit
        && string.Equals(Currency, other.Currency, StringComparison.OrdinalIgnoreCase)
        && Period == other.Period
        && Analytics.ZoneEquivalence.Same(TimeZone, other.TimeZone)
        && Thresholds.SequenceEqual(other.Thresholds);
}
