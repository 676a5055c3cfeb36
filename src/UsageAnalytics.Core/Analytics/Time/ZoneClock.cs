namespace UsageAnalytics.Analytics;

/// <summary>
/// Maps UTC instants to local wall-clock time and bucket keys in one time zone, fast.
/// </summary>
/// <remarks>
/// <see cref="TimeZoneInfo.ConvertTime(DateTimeOffset, TimeZoneInfo)"/> per row is slow, so the UTC offset is
/// cached per UTC hour in a small direct-mapped table (rows need not arrive in time order). An hour whose two
/// ends have different offsets contains a transition; its rows are converted one by one. Not thread-safe: every
/// accumulator owns one.
/// <para>Bucket keys: minute and hour buckets are keyed by the UTC ticks of their start (so a repeated local hour
/// on a fall-back day stays two buckets); day, week and month buckets by the ticks of their local start date.</para>
/// </remarks>
internal sealed class ZoneClock
{
    private const int CacheSize = 1024;
    private static readonly long _maxTicks = DateTime.MaxValue.Ticks;
    private const long Mixed = long.MinValue;

    private readonly TimeZoneInfo _zone;
    private readonly bool _isUtc;
    private readonly DayOfWeek _firstDayOfWeek;
    private readonly long[] _hourKeys = new long[CacheSize];
    private readonly long[] _hourOffsets = new long[CacheSize];
    private long _monthDay = -1;
    private long _monthKey;

    public ZoneClock(TimeZoneInfo zone, DayOfWeek firstDayOfWeek)
    {
        _zone = zone;
        _isUtc = zone == TimeZoneInfo.Utc || (zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime && zone.GetAdjustmentRules().Length == 0);
        _firstDayOfWeek = firstDayOfWeek;
        Array.Fill(_hourKeys, long.MinValue);
    }

    public TimeZoneInfo Zone => _zone;

    public long OffsetTicks(long utcTicks)
    {
        if (_isUtc)
        {
            return 0;
        }

        var hour = utcTicks / TimeSpan.TicksPerHour;
        var slot = (int)(hour & (CacheSize - 1));
        if (_hourKeys[slot] != hour)
        {
            var start = hour * TimeSpan.TicksPerHour;
            var first = OffsetAt(start);
            var last = OffsetAt(Math.Min(start + TimeSpan.TicksPerHour - 1, _maxTicks));
            _hourKeys[slot] = hour;
            _hourOffsets[slot] = first == last ? first : Mixed;
        }

        var offset = _hourOffsets[slot];
        return offset != Mixed ? offset : OffsetAt(utcTicks);
    }

    /// <summary>Returns the bucket key of an instant given its UTC ticks and its local offset.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public long KeyOf(TimeBucketSize size, long utcTicks, long offsetTicks)
    {
        // At the ends of time the local clock would leave DateTime's range: pin it there.
        var local = Math.Clamp(utcTicks + offsetTicks, 0, _maxTicks);
        switch (size)
        {
            case TimeBucketSize.Minute:
                return local - (local % TimeSpan.TicksPerMinute) - offsetTicks;
            case TimeBucketSize.Hour:
                return local - (local % TimeSpan.TicksPerHour) - offsetTicks;
            case TimeBucketSize.Day:
                return local - (local % TimeSpan.TicksPerDay);
            case TimeBucketSize.Week:
                var day = local / TimeSpan.TicksPerDay;
                var dayOfWeek = (int)((day + 1) % 7);
                var back = (dayOfWeek - (int)_firstDayOfWeek + 7) % 7;
                return (day - back) * TimeSpan.TicksPerDay;
            default:
                var dayNumber = local / TimeSpan.TicksPerDay;
                if (dayNumber != _monthDay)
                {
                    var date = new DateTime(dayNumber * TimeSpan.TicksPerDay, DateTimeKind.Unspecified);
                    _monthKey = new DateTime(date.Year, date.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).Ticks;
                    _monthDay = dayNumber;
                }

                return _monthKey;
        }
    }

    /// <summary>Returns the start and end instants of the bucket with the given key, in the zone's offset.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) BoundsOf(TimeBucketSize size, long key)
    {
        switch (size)
        {
            case TimeBucketSize.Minute:
            case TimeBucketSize.Hour:
                var length = size == TimeBucketSize.Minute ? TimeSpan.TicksPerMinute : TimeSpan.TicksPerHour;
                return (AtInstant(key), AtInstant(key + length));
            case TimeBucketSize.Day:
                return (AtLocal(key), AtLocal(key + TimeSpan.TicksPerDay));
            case TimeBucketSize.Week:
                return (AtLocal(key), AtLocal(key + (7 * TimeSpan.TicksPerDay)));
            default:
                var month = new DateTime(key, DateTimeKind.Unspecified);
                var next = month.Year == 9999 && month.Month == 12 ? _maxTicks : month.AddMonths(1).Ticks;
                return (AtLocal(key), AtLocal(next));
        }
    }

    /// <summary>Converts UTC ticks to a <see cref="DateTimeOffset"/> carrying the zone's offset at that instant.</summary>
    public DateTimeOffset AtInstant(long utcTicks) => AtInstant(_zone, utcTicks);

    /// <summary>As <see cref="AtInstant(long)"/>, for a zone without a clock (no offset cache).</summary>
    public static DateTimeOffset AtInstant(TimeZoneInfo zone, long utcTicks)
    {
        utcTicks = Math.Clamp(utcTicks, 0, _maxTicks);
        var offset = zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;
        var local = utcTicks + offset;
        return local >= 0 && local <= _maxTicks
            ? new DateTimeOffset(local, TimeSpan.FromTicks(offset))
            : new DateTimeOffset(utcTicks, TimeSpan.Zero);
    }

    /// <summary>
    /// Returns the instant a local wall-clock time first occurs: the earlier instant of an ambiguous (repeated)
    /// time, and the end of the gap for a time skipped by a spring-forward change.
    /// </summary>
    public DateTimeOffset AtLocal(long localTicks) =>
        _isUtc ? new DateTimeOffset(Math.Clamp(localTicks, 0, _maxTicks), TimeSpan.Zero) : AtLocal(_zone, localTicks);

    /// <summary>As <see cref="AtLocal(long)"/>, for a zone without a clock (budget periods, an alert's local midnight).</summary>
    public static DateTimeOffset AtLocal(TimeZoneInfo zone, long localTicks)
    {
        localTicks = Math.Clamp(localTicks, 0, _maxTicks);
        var local = new DateTime(localTicks, DateTimeKind.Unspecified);
        if (localTicks < TimeSpan.TicksPerDay || localTicks > _maxTicks - TimeSpan.TicksPerDay)
        {
            // Within a day of the ends of time an offset could push the instant out of range.
            return AtInstant(zone, localTicks - zone.BaseUtcOffset.Ticks);
        }

        if (zone.IsInvalidTime(local))
        {
            // A skipped time (say local midnight inside a spring-forward gap): the instant the offset before the gap
            // gives it is when the wall clock first reaches it or jumps past it.
            var before = zone.GetUtcOffset(local.AddHours(-6));
            return AtInstant(zone, localTicks - before.Ticks);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private long OffsetAt(long utcTicks) =>
        _zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;
}
