namespace UsageAnalytics.LiteLLM;

/// <summary>
/// A window of <c>/spend/logs/v2</c> as the proxy reads it: whole seconds in UTC, inclusive at both ends, on the row's
/// <c>startTime</c>.
/// </summary>
/// <param name="From">The first second (inclusive).</param>
/// <param name="To">The last second (inclusive): rows at exactly this instant are in, rows a fraction of a second later are not.</param>
internal readonly record struct SpendLogWindow(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>Gets whether the window spans at least two seconds, so it can be split at a whole second strictly inside it.</summary>
    public bool CanSplit => To - From >= TimeSpan.FromSeconds(2);

    /// <summary>Rounds down to a whole second, in UTC.</summary>
    public static DateTimeOffset Floor(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>Rounds up to a whole second, in UTC (the last representable second stays where it is).</summary>
    public static DateTimeOffset Ceiling(DateTimeOffset value)
    {
        var floor = Floor(value);
        return floor.UtcTicks != value.UtcTicks && floor < DateTimeOffset.MaxValue.AddSeconds(-1) ? floor.AddSeconds(1) : floor;
    }

    /// <summary>
    /// How many pages a window holding <paramref name="total"/> rows may take: <c>ceil(total / pageSize)</c> plus a slack
    /// for rows arriving while it is read, the larger of 3 pages and a tenth of that (rounded up).
    /// </summary>
    public static long PageLimit(long total, int pageSize)
    {
        var pages = (total + pageSize - 1) / pageSize;
        return pages + Math.Max(3, (pages + 9) / 10);
    }

    /// <summary>
    /// Splits at the middle whole second <c>m</c> into <c>[From, m]</c> and <c>[m, To]</c>. The halves share the second
    /// <c>m</c> because the proxy includes both ends: a row at exactly <c>m</c> is in both (the listing delivers it once),
    /// and one at <c>m + 0.5 s</c> is in the later half.
    /// </summary>
    public (SpendLogWindow Earlier, SpendLogWindow Later) Split()
    {
        var seconds = (To - From).Ticks / TimeSpan.TicksPerSecond;
        var middle = From.AddSeconds(seconds / 2);
        return (new SpendLogWindow(From, middle), new SpendLogWindow(middle, To));
    }
}
