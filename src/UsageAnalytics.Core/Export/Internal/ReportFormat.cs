using System.Globalization;

namespace UsageAnalytics.Export.Internal;

/// <summary>Culture-invariant formatting of the report's figures: money, counts, percentages, milliseconds and local times.</summary>
internal static class ReportFormat
{
    /// <summary>The most decimals a small amount is shown with (amounts below 10⁻¹⁰ show as 0).</summary>
    private const int MaxDecimals = 10;

    private static readonly CultureInfo _invariant = CultureInfo.InvariantCulture;

    /// <summary>An amount with its currency code: two decimals, amounts under 0.01 with two significant digits.</summary>
    internal static string Money(decimal value, string currency) => Amount(value) + " " + currency;

    /// <summary>An amount: two decimals (<c>1,234.50</c>); amounts under 0.01 keep two significant digits (<c>0.0042</c>).</summary>
    internal static string Amount(decimal value)
    {
        var abs = Math.Abs(value);
        var decimals = 2;
        if (abs != 0 && abs < 0.01m)
        {
            var scaled = abs;
            var position = 0;
            while (scaled < 1m && position < MaxDecimals)
            {
                scaled *= 10m;
                position++;
            }

            decimals = Math.Min(MaxDecimals, position + 1);
        }

        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        if (rounded == 0)
        {
            rounded = 0m; // no "-0.00"
        }

        var format = decimals == 2 ? "#,0.00" : "#,0.00" + new string('#', decimals - 2);
        return rounded.ToString(format, _invariant);
    }

    /// <summary>A count with thousands separators: <c>12,345</c>.</summary>
    internal static string Count(long value) => value.ToString("#,0", _invariant);

    /// <summary>A ratio 0–1 as a percentage with one decimal (<c>2.5%</c>); <c>n/a</c> when absent.</summary>
    internal static string Percent(double? ratio) => ratio is { } r && double.IsFinite(r) ? PercentValue(r * 100) : "n/a";

    /// <summary>A percentage 0–100 with one decimal (<c>82.5%</c>).</summary>
    internal static string PercentValue(double percent)
    {
        var rounded = Math.Round(percent, 1, MidpointRounding.AwayFromZero);
        return (rounded == 0 ? 0 : rounded).ToString("0.0", _invariant) + "%";
    }

    /// <summary>A percentage 0–100 given as a decimal, one decimal (<c>82.5%</c>).</summary>
    internal static string PercentValue(decimal percent)
    {
        var rounded = Math.Round(percent, 1, MidpointRounding.AwayFromZero);
        return (rounded == 0 ? 0m : rounded).ToString("0.0", _invariant) + "%";
    }

    /// <summary>A signed change in percent (<c>+12.5%</c>, <c>-3.0%</c>, <c>0.0%</c>); <c>n/a</c> when absent.</summary>
    internal static string Change(double? percent)
    {
        if (percent is not { } p || !double.IsFinite(p))
        {
            return "n/a";
        }

        var rounded = Math.Round(p, 1, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "0.0%" : rounded.ToString("+0.0;-0.0", _invariant) + "%";
    }

    /// <summary>Milliseconds (<c>1,234 ms</c>, <c>8.5 ms</c>); <c>n/a</c> when absent.</summary>
    internal static string Milliseconds(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 100 ? "#,0" : "#,0.#", _invariant) + " ms" : "n/a";

    /// <summary>A plain number for an observed alert value: up to four decimals.</summary>
    internal static string Number(double value) => double.IsFinite(value) ? value.ToString("#,0.####", _invariant) : "n/a";

    /// <summary>A number for an SVG attribute: up to two decimals, no grouping.</summary>
    internal static string Svg(double value) => Math.Round(value, 2).ToString("0.##", _invariant);

    /// <summary>A local date and time in <paramref name="zone"/>: <c>2026-03-10 14:05</c>.</summary>
    internal static string DateTime(DateTimeOffset value, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(value, zone).ToString("yyyy'-'MM'-'dd HH':'mm", _invariant);

    /// <summary>A local calendar date in <paramref name="zone"/>.</summary>
    internal static DateOnly LocalDate(DateTimeOffset value, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(value, zone).DateTime);

    /// <summary>A date: <c>2026-03-10</c>.</summary>
    internal static string Date(DateOnly value) => value.ToString("yyyy'-'MM'-'dd", _invariant);
}
