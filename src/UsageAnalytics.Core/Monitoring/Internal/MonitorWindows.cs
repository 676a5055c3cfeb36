using UsageAnalytics.Analytics;

namespace UsageAnalytics.Monitoring;

/// <summary>The current local minute, hour and day of an instant, as UTC ticks (start inclusive, end exclusive).</summary>
internal readonly record struct MonitorWindows(long MinuteStart, long MinuteEnd, long HourStart, long HourEnd, long DayStart, long DayEnd)
{
    /// <summary>The windows containing <paramref name="utcTicks"/> in the clock's zone: a local minute and hour (keyed
    /// by their UTC start, so a repeated fall-back hour is two hours) and the local day from its first instant to the
    /// next (23 or 25 hours across a DST change).</summary>
    public static MonitorWindows At(ZoneClock clock, long utcTicks)
    {
        var offset = clock.OffsetTicks(utcTicks);
        var minute = clock.KeyOf(TimeBucketSize.Minute, utcTicks, offset);
        var hour = clock.KeyOf(TimeBucketSize.Hour, utcTicks, offset);
        var (dayStart, dayEnd) = clock.BoundsOf(TimeBucketSize.Day, clock.KeyOf(TimeBucketSize.Day, utcTicks, offset));
        return new MonitorWindows(minute, minute + TimeSpan.TicksPerMinute, hour, hour + TimeSpan.TicksPerHour, dayStart.UtcTicks, dayEnd.UtcTicks);
    }
}
