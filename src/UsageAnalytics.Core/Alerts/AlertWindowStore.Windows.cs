using UsageAnalytics.Alerts.Internal;

namespace UsageAnalytics.Alerts;

public sealed partial class AlertWindowStore
{
    internal long LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime).DayNumber;

    /// <summary>Sums the buckets of <paramref name="comparison"/>'s scope over its window ending at <paramref name="now"/>.</summary>
    internal WindowBucket Collect(AlertComparison comparison, DateTimeOffset now, out DateTimeOffset start)
    {
        var sum = new WindowBucket();
        var scope = _scopes.TryGetValue(comparison.ScopeKey, out var found) ? found : null;
        var ticks = now.UtcTicks;
        if (comparison.Metric == AlertMetric.DailySpend)
        {
            var local = TimeZoneInfo.ConvertTime(now, TimeZone);
            var midnight = local.Date;
            start = new DateTimeOffset(midnight, TimeZone.GetUtcOffset(midnight)).ToOffset(now.Offset);
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

        var lastHour = ticks / TimeSpan.TicksPerHour;
        var firstHour = lastHour - (long)Math.Ceiling(comparison.Window.TotalHours);
        start = new DateTimeOffset(firstHour * TimeSpan.TicksPerHour, TimeSpan.Zero).ToOffset(now.Offset);
        if (scope is not null)
        {
            WindowScope.Sum(scope.Hours, firstHour, lastHour, sum);
        }

        return sum;
    }
}
