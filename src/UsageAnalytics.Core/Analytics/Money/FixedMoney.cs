using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UsageAnalytics.Analytics;

/// <summary>
/// One money amount read from a row: integer fixed-point in units of 10⁻¹⁸ (atto-units of the currency) when
/// that is exact, otherwise the original <see cref="decimal"/>.
/// </summary>
/// <remarks>
/// Sums in <see cref="Int128"/> atto-units are exact, associative and commutative, so partial results merge to
/// the same total in any order, and they are several times faster to add than <see cref="decimal"/>. The range
/// of one sum is ±1.7×10²⁰ currency units. A value with more than 18 decimal places, or a sum that would leave
/// that range, is never rounded: it is carried in an exact <see cref="decimal"/> side sum instead.
/// </remarks>
internal readonly struct FixedMoney
{
    /// <summary>Atto-units per currency unit: 10¹⁸.</summary>
    public const long UnitsPerCurrencyUnit = 1_000_000_000_000_000_000;

    /// <summary>
    /// The largest magnitude one row's amount may have in fixed-point, 2⁹⁶ units (≈ 7.9×10¹⁰ currency units):
    /// fewer than 2³¹ such rows cannot overflow an <see cref="Int128"/> sum, so the hot path adds without a check.
    /// </summary>
    public static readonly UInt128 MaxRowUnits = UInt128.One << 96;

    /// <summary>The number of rows below which a sum of fixed row amounts cannot overflow.</summary>
    public const long UncheckedRowLimit = int.MaxValue;

    private const int Scale = 18;

    private static readonly UInt128[] _powersOfTen = BuildPowers();
    private static readonly ulong[] _powersOfTen64 = [.. BuildPowers()[..(Scale + 1)].Select(p => (ulong)p)];
    private static readonly UInt128[] _maxMantissa = BuildLimits();

    public FixedMoney(decimal value)
    {
        Value = value;
        IsFixed = TryToUnits(value, out var units);
        Units = units;
    }

    public Int128 Units { get; }

    public decimal Value { get; }

    public bool IsFixed { get; }

    /// <summary>Whether <see cref="DecimalBits"/> reads a decimal the way <see cref="decimal.GetBits(decimal)"/>
    /// does (the OLE DECIMAL layout every .NET runtime uses); checked once, otherwise only the slow path runs.</summary>
    private static readonly bool _layoutKnown = CheckLayout();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryToUnits(decimal value, out Int128 units)
    {
        if (_layoutKnown)
        {
            // Fast path (nearly every cost): a 64-bit mantissa times a power of ten that fits in 64 bits, read
            // straight from the decimal's fields instead of through decimal.GetBits.
            var bits = Unsafe.As<decimal, DecimalBits>(ref value);
            var scale = (bits.Flags >> 16) & 0xFF;
            if (bits.High == 0 && scale <= Scale)
            {
                var high = Math.BigMul(bits.Low, _powersOfTen64[Scale - scale], out var low);
                if (high < (1UL << 32))
                {
                    var fast = new Int128(high, low);
                    units = bits.Flags < 0 ? -fast : fast;
                    return true;
                }
            }
        }

        return TryToUnitsSlow(value, out units);
    }

    private static bool TryToUnitsSlow(decimal value, out Int128 units)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var flags = bits[3];
        var scale = (flags >> 16) & 0xFF;
        if (bits[2] == 0 && scale <= Scale)
        {
            var high = Math.BigMul(((ulong)(uint)bits[1] << 32) | (uint)bits[0], _powersOfTen64[Scale - scale], out var low);
            if (high < (1UL << 32))
            {
                var fast = new Int128(high, low);
                units = flags < 0 ? -fast : fast;
                return true;
            }
        }

        var mantissa = new UInt128((uint)bits[2], ((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        UInt128 magnitude;
        if (scale <= Scale)
        {
            var shift = Scale - scale;
            if (mantissa > _maxMantissa[shift])
            {
                units = default;
                return false;
            }

            magnitude = mantissa * _powersOfTen[shift];
        }
        else
        {
            var (quotient, remainder) = UInt128.DivRem(mantissa, _powersOfTen[scale - Scale]);
            if (remainder != UInt128.Zero)
            {
                units = default;
                return false;
            }

            magnitude = quotient;
        }

        if (magnitude > MaxRowUnits)
        {
            units = default;
            return false;
        }

        units = flags < 0 ? -(Int128)magnitude : (Int128)magnitude;
        return true;
    }

    public static decimal ToDecimal(Int128 units)
    {
        var whole = Int128.DivRem(units, UnitsPerCurrencyUnit);
        var result = (decimal)whole.Quotient + ((decimal)(long)whole.Remainder / UnitsPerCurrencyUnit);

        // Normalize away the trailing zeros of the fixed scale (1.500000000000000000 -> 1.5).
        return result / 1.000000000000000000000000000000000m;
    }

    public static string Format(Int128 units) => units.ToString(CultureInfo.InvariantCulture);

    public static Int128 Parse(string text) => Int128.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static UInt128[] BuildPowers()
    {
        var powers = new UInt128[29];
        powers[0] = UInt128.One;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    private static UInt128[] BuildLimits()
    {
        var powers = BuildPowers();
        var limits = new UInt128[Scale + 1];
        var max = (UInt128)Int128.MaxValue;
        for (var i = 0; i <= Scale; i++)
        {
            limits[i] = max / powers[i];
        }

        return limits;
    }

    private static bool CheckLayout()
    {
        if (Unsafe.SizeOf<decimal>() != Unsafe.SizeOf<DecimalBits>())
        {
            return false;
        }

        Span<int> expected = stackalloc int[4];
        foreach (var probe in (ReadOnlySpan<decimal>)[-79_228_162_514.264337593543950335m, 1.5m, -0.0000000001m, 18_446_744_073_709_551_615m])
        {
            decimal.GetBits(probe, expected);
            var copy = probe;
            var bits = Unsafe.As<decimal, DecimalBits>(ref copy);
            if (bits.Flags != expected[3] || bits.High != (uint)expected[2] || bits.Low != (((ulong)(uint)expected[1] << 32) | (uint)expected[0]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The fields of a <see cref="decimal"/> in memory: flags (scale and sign), the high 32 bits of the
    /// mantissa, then its low 64 bits.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct DecimalBits
    {
        public readonly int Flags;
        public readonly uint High;
        public readonly ulong Low;
    }
}
