using System.Globalization;
using System.Runtime.CompilerServices;
using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// The money rule the FOCUS export and the chargeback calculator share: a record whose
/// <see cref="UsageRecord.EstimatedCost"/> or <see cref="UsageRecord.ActualCost"/> is beyond ±10¹⁵ in its currency is
/// refused with an <see cref="ArgumentException"/> naming the record (request id and timestamp), the field and the rule,
/// and a sum that leaves the <see cref="decimal"/> range is one too, never a bare <see cref="OverflowException"/>.
/// </summary>
/// <remarks>
/// The bound is the engine's (a cost over 10¹⁵ is not the cost of one call but a corrupt value; a few of them overflow a
/// <see cref="decimal"/> sum, which ends near 7.9 × 10²⁸). Unlike the engine, negative costs are accepted: credits and
/// refunds are real charges (FOCUS allows negative <c>BilledCost</c>; a chargeback credits the account).
/// </remarks>
internal static class FocusMoneyCheck
{
    /// <summary>The largest magnitude of one record's cost: 10¹⁵ in its currency (the engine's bound).</summary>
    internal const decimal MaxCost = 1_000_000_000_000_000m;

    /// <summary>Throws <see cref="ArgumentException"/> when a cost of the record is beyond ±<see cref="MaxCost"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Validate(UsageRecord record)
    {
        if (Math.Abs(record.EstimatedCost) > MaxCost || (record.ActualCost is { } actual && Math.Abs(actual) > MaxCost))
        {
            Throw(record);
        }
    }

    /// <summary>The error for a sum that left the <see cref="decimal"/> range while adding <paramref name="record"/>.</summary>
    internal static ArgumentException SumOutOfRange(UsageRecord record, OverflowException inner) =>
        new(RecordCheck.Describe(record, "adding its costs takes a sum beyond the decimal range (±"
            + decimal.MaxValue.ToString(CultureInfo.InvariantCulture) + "); split the input into smaller exports."), nameof(record), inner);

    /// <summary>The error for a total that left the <see cref="decimal"/> range once all records were added.</summary>
    internal static ArgumentException TotalOutOfRange(long records, OverflowException inner) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The exact total of the {records} records is beyond the decimal range (±{decimal.MaxValue}); split the input into smaller exports."), nameof(records), inner);

    private static void Throw(UsageRecord record)
    {
        var (name, value) = Math.Abs(record.EstimatedCost) > MaxCost
            ? (nameof(UsageRecord.EstimatedCost), record.EstimatedCost)
            : (nameof(UsageRecord.ActualCost), record.ActualCost!.Value);
        throw new ArgumentException(
            RecordCheck.Describe(record, string.Create(CultureInfo.InvariantCulture, $"{name} is beyond ±10^15 ({value}), not the cost of one call; sums of such values would overflow.")),
            nameof(record));
    }
}
