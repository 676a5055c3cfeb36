namespace UsageAnalytics.Pricing.Catalog;

/// <summary>
/// Release suffixes of model names: a dated release (<c>-YYYYMMDD</c>, <c>-YYYY-MM-DD</c>, <c>@YYYYMMDD</c>, as in
/// <c>claude-3-5-sonnet-20241022</c>, <c>gpt-4o-2024-08-06</c>, <c>vertex_ai/claude-3-7-sonnet@20250219</c>) and the
/// <c>-latest</c> alias.
/// </summary>
internal static class ReleaseNames
{
    /// <summary>Splits a dated release into its undated alias and its date (yyyymmdd as a number).</summary>
    public static bool TryStripDate(string name, out string alias, out int date)
    {
        alias = string.Empty;
        date = 0;
        var span = name.AsSpan();
        if (span.Length > 11 && span[^11] == '-' && span[^6] == '-' && span[^3] == '-'
            && TryDate(span[^10..^6], span[^5..^3], span[^2..], out date))
        {
            alias = name[..^11];
            return true;
        }

        if (span.Length > 9 && (span[^9] == '-' || span[^9] == '@') && TryDate(span[^8..^4], span[^4..^2], span[^2..], out date))
        {
            alias = name[..^9];
            return true;
        }

        return false;
    }

    /// <summary>Removes a trailing <c>-latest</c> (any case).</summary>
    public static bool TryStripLatest(string name, out string baseName)
    {
        const string Latest = "-latest";
        if (name.Length > Latest.Length && name.EndsWith(Latest, StringComparison.OrdinalIgnoreCase))
        {
            baseName = name[..^Latest.Length];
            return true;
        }

        baseName = string.Empty;
        return false;
    }

    private static bool TryDate(ReadOnlySpan<char> year, ReadOnlySpan<char> month, ReadOnlySpan<char> day, out int date)
    {
        date = 0;
        if (!TryDigits(year, out var y) || !TryDigits(month, out var m) || !TryDigits(day, out var d))
        {
            return false;
        }

        if (y is < 1990 or > 2199 || m is < 1 or > 12 || d is < 1 or > 31)
        {
            return false;
        }

        date = (y * 10000) + (m * 100) + d;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
