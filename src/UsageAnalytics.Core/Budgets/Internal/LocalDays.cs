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
    /// offset at that instant. A midnight skipped by a DST gap starts the day at the first valid local minute; a
    /// repeated midnight starts it at its first occurrence.
    /// </summary>
    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Gaps are whole minutes and at most a few hours long; the first valid minute is the day's start.
            var probe = local;
            for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(probe); i++)
            {
                probe = probe.AddMinutes(1);
            }

            return new DateTimeOffset(probe, zone.GetUtcOffset(probe));
        }

        if (zone.IsAmbiguousTime(local))
        {
            // The first occurrence has the larger offset (the clock has not been set back yet).
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var first = offsets[0];
            foreach (var offset in offsets)
            {
                first = offset > first ? offset : first;
            }

            return new DateTimeOffset(local, first);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
