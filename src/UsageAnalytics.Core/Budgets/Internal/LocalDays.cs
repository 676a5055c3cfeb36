using UsageAnalytics.Analytics;

namespace UsageAnalytics.Budgets.Internal;

/// <summary>Local calendar days of a time zone: the day an instant falls on and the instant a local day starts.</summary>
internal static class LocalDays
{
    /// <summary>Returns the local date of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>Returns the day number (days since 0001-01-01) of a date.</summary>
    public static int Number(DateOnly date) => date.DayNumber;

    /// <summary>
    /// Returns the instant local midnight of <paramref name="date"/> happens in <paramref name="zone"/>, with the zone's
    /// offset at that instant: the engine's rule (<see cref="ZoneClock.AtLocal(TimeZoneInfo, long)"/>), so a midnight
    /// skipped by a DST gap starts the day when the gap ends and a repeated midnight at its first occurrence.
    /// </summary>
    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone) =>
        ZoneClock.AtLocal(zone, date.DayNumber * TimeSpan.TicksPerDay);
}
