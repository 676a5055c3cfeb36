using System.Runtime.CompilerServices;

namespace UsageAnalytics.Analytics;

/// <summary>An exact money sum: <see cref="Int128"/> atto-units plus an exact <see cref="decimal"/> side sum.</summary>
/// <remarks>See <see cref="FixedMoney"/> for the range. The side sum only ever holds values the fixed-point part
/// cannot represent exactly, so the common path is two 64-bit additions with carry.</remarks>
internal struct MoneySum
{
    public Int128 Units;
    public decimal Overflow;

    public readonly decimal Total => FixedMoney.ToDecimal(Units) + Overflow;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in FixedMoney money)
    {
        if (money.IsFixed)
        {
            AddUnits(money.Units);
        }
        else
        {
            Overflow += money.Value;
        }
    }

    /// <summary>Adds a row amount without an overflow check: only valid while fewer than
    /// <see cref="FixedMoney.UncheckedRowLimit"/> rows were added, each within <see cref="FixedMoney.MaxRowUnits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddRow(in FixedMoney money)
    {
        if (money.IsFixed)
        {
            Units += money.Units;
        }
        else
        {
            Overflow += money.Value;
        }
    }

    public static MoneySum operator +(in MoneySum left, in MoneySum right)
    {
        var sum = left;
        sum.Merge(right);
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddUnits(Int128 units)
    {
        var sum = Units + units;

        // Signed overflow: both operands share a sign that the result lost.
        if (((Units ^ sum) & (units ^ sum)) < Int128.Zero)
        {
            Overflow += FixedMoney.ToDecimal(units);
            return;
        }

        Units = sum;
    }

    public void Merge(in MoneySum other)
    {
        AddUnits(other.Units);
        Overflow += other.Overflow;
    }
}
