using System.Globalization;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// The chargeback rounding rule: round the exact total; round each part and put the residue (target − sum of rounded
/// parts, a whole number of minor units) on the largest part, so the parts add up to the target exactly.
/// </summary>
internal static class ChargebackRounding
{
    /// <summary>Rounds to the options' decimal places and midpoint rule, with exactly that many decimals kept.</summary>
    internal static decimal Round(decimal value, ChargebackOptions options) =>
        WithScale(decimal.Round(value, options.DecimalPlaces, options.Rounding), options.DecimalPlaces);

    /// <summary>Returns the same value with at least <paramref name="decimals"/> decimals stored (1.5 → 1.50), so it prints
    /// with a fixed number of decimals.</summary>
    internal static decimal WithScale(decimal value, int decimals) => value + new decimal(0, 0, 0, false, (byte)decimals);

    /// <summary>
    /// Rounds each exact part and adds the residue to the largest part: the largest magnitude of exact amount, ties going
    /// to the earliest part (callers order parts by key ordinally). The result adds up to <paramref name="target"/>.
    /// </summary>
    internal static decimal[] Distribute(IReadOnlyList<decimal> exact, decimal target, ChargebackOptions options)
    {
        var rounded = new decimal[exact.Count];
        var sum = 0m;
        var largest = -1;
        for (var i = 0; i < exact.Count; i++)
        {
            rounded[i] = Round(exact[i], options);
            sum += rounded[i];
            if (largest < 0 || Math.Abs(exact[i]) > Math.Abs(exact[largest]))
            {
                largest = i;
            }
        }

        if (largest >= 0)
        {
            rounded[largest] += target - sum;
        }

        return rounded;
    }

    /// <summary>The rule as a sentence for the statement's reader.</summary>
    internal static string Describe(ChargebackOptions options)
    {
        var places = options.DecimalPlaces.ToString(CultureInfo.InvariantCulture);
        var midpoint = options.Rounding switch
        {
            MidpointRounding.AwayFromZero => "halves away from zero",
            MidpointRounding.ToEven => "halves to the even digit",
            MidpointRounding.ToZero => "toward zero",
            MidpointRounding.ToNegativeInfinity => "down (toward negative infinity)",
            MidpointRounding.ToPositiveInfinity => "up (toward positive infinity)",
            _ => options.Rounding.ToString(),
        };
        return "Amounts are in " + options.Currency.ToUpperInvariant() + ", rounded to " + places + " decimal places ("
            + midpoint + "). The total is the exact total rounded. Each account is rounded and the difference between the "
            + "total and the sum of the rounded accounts goes to the account with the largest exact amount (by magnitude; "
            + "ties to the first key in ordinal order); within each account each line is rounded and the difference to the "
            + "account's amount goes to its largest line the same way. Lines add up to their account and accounts to the "
            + "total exactly: no amount is lost or invented.";
    }
}
