using UsageAnalytics.Analytics;
using UsageAnalytics.Alerts.Internal;

namespace UsageAnalytics.Alerts;

public sealed partial class AlertWindowStore
{
    /// <summary>The local day number (<see cref="DateOnly.DayNumber"/>) of an instant, with the engine's cached zone offsets
    /// (a per-row <see cref="TimeZoneInfo.ConvertTime(DateTimeOffset, TimeZoneInfo)"/> is slow).</summary>
    internal long LocalDay(DateTimeOffset instant)
    {
        var utc = instant.UtcTicks;
        return Math.Clamp(utc + _clock.OffsetTicks(utc), 0, DateTime.MaxValue.Ticks) / TimeSpan.TicksPerDay;
    }

    /// <summary>Sums the buckets of <paramref name="comparison"/>'s scope over its window ending at <paramref name="now"/>.</summary>
    internal WindowBucket Collect(AlertComparison comparison, DateTimeOffset now, out DateTimeOffset start)
    {
        var sum = new WindowBucket();
        var scope = _scopes.TryGetValue(comparison.ScopeKey, out var found) ? found : null;
        var ticks = now.UtcTicks;
        if (comparison.Metric == AlertMetric.DailySpend)
        {
            start = ZoneClock.AtLocal(TimeZone, LocalDay(now) * TimeSpan.TicksPerDay).ToOffset(now.Offset);
            if (scope is not null)
            {
                var day = LocalDay(now);
                WindowScope.Sum(scope.Days, day, day, sum);
            }

            return sum;
        }

        if (comparison.Window <= TimeSpan.FromMinutes(60))
        {
            var last = ticks / TimeSpan.TicksPerMinute;
            var first = last - (long)comparison.Window.TotalMinutes;
            start = new DateTimeOffset(first * TimeSpan.TicksPerMinute, TimeSpan.Zero).ToOffset(now.Offset);
            if (scope is not null)
            {
                WindowScope.Sum(scope.Minutes, first, last, sum);
            }

            return sum;
        }

        // Hour buckets cannot split an hour: the window starts at the hour boundary nearest to now - window, so it
        // covers the requested span within ±30 minutes (never a whole extra hour) and reports the start it used.
        var lastHour = ticks / TimeSpan.TicksPerHour;
        var from = ticks - comparison.Window.Ticks;
        var firstHour = Math.Min(lastHour, (long)Math.Floor((from + (TimeSpan.TicksPerHour / 2)) / (double)TimeSpan.TicksPerHour));
        start = new DateTimeOffset(firstHour * TimeSpan.TicksPerHour, TimeSpan.Zero).ToOffset(now.Offset);
        if (scope is not null)
        {
            WindowScope.Sum(scope.Hours, firstHour, lastHour, sum);
        }

        return sum;
    }
}
