namespace UsageAnalytics.Analytics;

/// <summary>
/// Tells when two <see cref="TimeZoneInfo"/> instances are the same zone under two names, so accumulators built with
/// either merge: equal ids; a Windows id and its IANA id (<see cref="TimeZoneInfo.TryConvertWindowsIdToIanaId(string, out string?)"/>
/// and back); or equal base offsets and <see cref="TimeZoneInfo.HasSameRules"/> (<c>UTC</c> and <c>Etc/UTC</c>).
/// </summary>
internal static class ZoneEquivalence
{
    public static bool Same(TimeZoneInfo a, TimeZoneInfo b)
    {
        if (string.Equals(a.Id, b.Id, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if ((TimeZoneInfo.TryConvertWindowsIdToIanaId(a.Id, out var ianaA) && string.Equals(ianaA, b.Id, StringComparison.OrdinalIgnoreCase))
            || (TimeZoneInfo.TryConvertWindowsIdToIanaId(b.Id, out var ianaB) && string.Equals(ianaB, a.Id, StringComparison.OrdinalIgnoreCase))
            || (TimeZoneInfo.TryConvertIanaIdToWindowsId(a.Id, out var windowsA) && TimeZoneInfo.TryConvertIanaIdToWindowsId(b.Id, out var windowsB)
                && string.Equals(windowsA, windowsB, StringComparison.OrdinalIgnoreCase) && a.HasSameRules(b)))
        {
            return true;
        }

        return a.BaseUtcOffset == b.BaseUtcOffset && a.HasSameRules(b);
    }
}
