using System.Globalization;
using UsageAnalytics.Budgets.Internal;

namespace UsageAnalytics.Budgets;

/// <summary>
/// The recurring period a budget limit applies to: a local day, a week starting on <see cref="FirstDayOfWeek"/> or a
/// month resetting on <see cref="ResetDay"/>. Boundaries are at local midnight of the policy's time zone.
/// </summary>
/// <remarks>
/// Text form (<see cref="Parse(string)"/>, <see cref="ToString"/>): <c>day</c>, <c>week</c> (Monday start),
/// <c>week:sunday</c>, <c>month</c> (reset on the 1st), <c>month:15</c>.
/// </remarks>
public sealed record BudgetPeriod
{
    private BudgetPeriod(BudgetPeriodKind kind, DayOfWeek firstDayOfWeek, int resetDay)
    {
        Kind = kind;
        FirstDayOfWeek = firstDayOfWeek;
        ResetDay = resetDay;
    }

    /// <summary>Gets the period of one local day.</summary>
    public static BudgetPeriod Daily { get; } = new(BudgetPeriodKind.Day, DayOfWeek.Monday, 1);

    /// <summary>Gets the length of the period.</summary>
    public BudgetPeriodKind Kind { get; }

    /// <summary>Gets the day a <see cref="BudgetPeriodKind.Week"/> period starts on; <see cref="DayOfWeek.Monday"/> otherwise.</summary>
    public DayOfWeek FirstDayOfWeek { get; }

    /// <summary>
    /// Gets the day of the month (1–31) a <see cref="BudgetPeriodKind.Month"/> period starts on; a month shorter than
    /// this resets on its last day (<c>month:31</c> resets on 28 or 29 February). 1 for other kinds.
    /// </summary>
    public int ResetDay { get; }

    /// <summary>Returns a weekly period starting at local midnight of <paramref name="firstDayOfWeek"/>.</summary>
    /// <param name="firstDayOfWeek">The first day of each week.</param>
    /// <returns>The period.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstDayOfWeek"/> is not a defined day.</exception>
    public static BudgetPeriod Weekly(DayOfWeek firstDayOfWeek = DayOfWeek.Monday)
    {
        if (firstDayOfWeek is < DayOfWeek.Sunday or > DayOfWeek.Saturday)
        {
            throw new ArgumentOutOfRangeException(nameof(firstDayOfWeek), firstDayOfWeek, "Not a day of the week.");
        }

        return new BudgetPeriod(BudgetPeriodKind.Week, firstDayOfWeek, 1);
    }

    /// <summary>Returns a monthly period starting at local midnight of day <paramref name="resetDay"/>.</summary>
    /// <param name="resetDay">The day of the month, 1–31 (default 1); a shorter month resets on its last day.</param>
    /// <returns>The period.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="resetDay"/> is outside 1–31.</exception>
    public static BudgetPeriod Monthly(int resetDay = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resetDay, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resetDay, 31);
        return new BudgetPeriod(BudgetPeriodKind.Month, DayOfWeek.Monday, resetDay);
    }

    /// <summary>Parses the text form: <c>day</c>, <c>week</c>, <c>week:&lt;dayname&gt;</c>, <c>month</c> or
    /// <c>month:&lt;1–31&gt;</c>, case-insensitive, surrounding white space ignored.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The period.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not a period; the message quotes it.</exception>
    public static BudgetPeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var head = (colon < 0 ? trimmed : trimmed[..colon]).Trim();
        var tail = colon < 0 ? null : trimmed[(colon + 1)..].Trim();
        if (head.Equals("day", StringComparison.OrdinalIgnoreCase) && tail is null)
        {
            return Daily;
        }

        if (head.Equals("week", StringComparison.OrdinalIgnoreCase))
        {
            if (tail is null)
            {
                return Weekly();
            }

            if (!int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                && Enum.TryParse<DayOfWeek>(tail, ignoreCase: true, out var day))
            {
                return Weekly(day);
            }
        }

        if (head.Equals("month", StringComparison.OrdinalIgnoreCase))
        {
            if (tail is null)
            {
                return Monthly();
            }

            if (int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var resetDay) && resetDay is >= 1 and <= 31)
            {
                return Monthly(resetDay);
            }
        }

        throw new FormatException("'" + text + "' is not a budget period: expected day, week, week:<day name>, month or month:<1-31>.");
    }

    /// <summary>
    /// Returns the period containing <paramref name="instant"/>: from local midnight of its first day to local midnight
    /// after its last day in <paramref name="zone"/>, each with the zone's UTC offset at that instant. Correct across
    /// DST changes (a daily period is 23 or 25 hours long on those days) and month ends.
    /// </summary>
    /// <param name="instant">Any instant.</param>
    /// <param name="zone">The zone whose local midnights bound the period.</param>
    /// <returns>The start (inclusive) and end (exclusive) of the period.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="zone"/> is null.</exception>
    public (DateTimeOffset Start, DateTimeOffset End) GetBounds(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var (start, end) = DatesOf(LocalDays.DateOf(instant, zone));
        return (LocalDays.StartOf(start, zone), LocalDays.StartOf(end, zone));
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        BudgetPeriodKind.Day => "day",
        BudgetPeriodKind.Week when FirstDayOfWeek == DayOfWeek.Monday => "week",
        BudgetPeriodKind.Week => "week:" + DayName(FirstDayOfWeek),
        _ when ResetDay == 1 => "month",
        _ => "month:" + ResetDay.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Returns the first local date of the period containing <paramref name="date"/> and the first date after it.</summary>
    internal (DateOnly Start, DateOnly End) DatesOf(DateOnly date)
    {
        switch (Kind)
        {
            case BudgetPeriodKind.Day:
                return (date, date.AddDays(1));
            case BudgetPeriodKind.Week:
                var back = ((int)date.DayOfWeek - (int)FirstDayOfWeek + 7) % 7;
                var weekStart = date.AddDays(-back);
                return (weekStart, weekStart.AddDays(7));
            default:
                var thisReset = ResetIn(date.Year, date.Month);
                if (date >= thisReset)
                {
                    var next = date.AddMonths(1);
                    return (thisReset, ResetIn(next.Year, next.Month));
                }

                var previous = date.AddMonths(-1);
                return (ResetIn(previous.Year, previous.Month), thisReset);
        }
    }

    private static string DayName(DayOfWeek day) => day switch
    {
        DayOfWeek.Sunday => "sunday",
        DayOfWeek.Monday => "monday",
        DayOfWeek.Tuesday => "tuesday",
        DayOfWeek.Wednesday => "wednesday",
        DayOfWeek.Thursday => "thursday",
        DayOfWeek.Friday => "friday",
        _ => "saturday",
    };

    private DateOnly ResetIn(int year, int month) => new(year, month, Math.Min(ResetDay, DateTime.DaysInMonth(year, month)));
}
