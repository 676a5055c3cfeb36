namespace UsageAnalytics.Budgets;

public sealed class BudgetPeriodTests
{
    private static readonly TimeZoneInfo _kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
    private static readonly TimeZoneInfo _newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void GetBounds_MonthlyInKolkata_ResetsAtLocalMidnightWhichIs1830UtcTheDayBefore()
    {
        // 2026-03-10 12:00Z is 17:30 local (+05:30): the March period, 1 March 00:00 local = 28 Feb 18:30Z,
        // to 1 April 00:00 local = 31 March 18:30Z.
        var (start, end) = BudgetPeriod.Monthly().GetBounds(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero), _kolkata);

        Assert.Equal(new DateTimeOffset(2026, 2, 28, 18, 30, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 18, 30, 0, TimeSpan.Zero), end);
        Assert.Equal(TimeSpan.FromHours(5.5), start.Offset);
        Assert.Equal(new DateTime(2026, 3, 1), start.DateTime);
    }

    [Fact]
    public void GetBounds_KolkataOneMinuteBeforeLocalMidnight_StillInPreviousMonth()
    {
        // 28 Feb 18:29Z = 23:59 local on 28 Feb: February's period (1 Feb local = 31 Jan 18:30Z); one minute later March.
        var (febStart, febEnd) = BudgetPeriod.Monthly().GetBounds(new DateTimeOffset(2026, 2, 28, 18, 29, 0, TimeSpan.Zero), _kolkata);
        var (marStart, _) = BudgetPeriod.Monthly().GetBounds(new DateTimeOffset(2026, 2, 28, 18, 30, 0, TimeSpan.Zero), _kolkata);

        Assert.Equal(new DateTimeOffset(2026, 1, 31, 18, 30, 0, TimeSpan.Zero), febStart);
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 18, 30, 0, TimeSpan.Zero), febEnd);
        Assert.Equal(febEnd, marStart);
    }

    [Fact]
    public void GetBounds_DailyInNewYorkOnSpringForward_Is23Hours()
    {
        // 8 March 2026: clocks go 02:00 -> 03:00. Start 00:00 EST (-5) = 05:00Z, end 9 March 00:00 EDT (-4) = 04:00Z.
        var (start, end) = BudgetPeriod.Daily.GetBounds(new DateTimeOffset(2026, 3, 8, 15, 0, 0, TimeSpan.Zero), _newYork);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero), end);
        Assert.Equal(TimeSpan.FromHours(23), end - start);
        Assert.Equal(TimeSpan.FromHours(-5), start.Offset);
        Assert.Equal(TimeSpan.FromHours(-4), end.Offset);
    }

    [Fact]
    public void GetBounds_DailyInNewYorkOnFallBack_Is25Hours()
    {
        // 1 November 2026: clocks go 02:00 -> 01:00. Start 00:00 EDT (-4) = 04:00Z, end 2 Nov 00:00 EST (-5) = 05:00Z.
        var (start, end) = BudgetPeriod.Daily.GetBounds(new DateTimeOffset(2026, 11, 1, 6, 30, 0, TimeSpan.Zero), _newYork);

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 5, 0, 0, TimeSpan.Zero), end);
        Assert.Equal(TimeSpan.FromHours(25), end - start);
    }

    [Theory]
    [InlineData("2026-02-15T00:00:00Z", "2026-01-31", "2026-02-28")] // February resets on its last day, the 28th
    [InlineData("2026-02-28T00:00:00Z", "2026-02-28", "2026-03-31")] // from the 28th on: the next period ends 31 March
    [InlineData("2026-03-30T23:59:00Z", "2026-02-28", "2026-03-31")]
    [InlineData("2026-03-31T00:00:00Z", "2026-03-31", "2026-04-30")] // April has 30 days: resets on the 30th
    [InlineData("2028-02-29T00:00:00Z", "2028-02-29", "2028-03-31")] // leap year: the 29th
    public void GetBounds_MonthlyResetDay31_ShortMonthsResetOnTheirLastDay(string instant, string start, string end)
    {
        var bounds = BudgetPeriod.Monthly(31).GetBounds(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc);

        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.FromDateTime(bounds.Start.DateTime));
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), DateOnly.FromDateTime(bounds.End.DateTime));
    }

    [Fact]
    public void GetBounds_WeeklySundayStart_StartsOnThePreviousSunday()
    {
        // Wednesday 2 December 2026: a Sunday week runs Sun 29 Nov to Sun 6 Dec; a Monday week Mon 30 Nov to Mon 7 Dec.
        var wednesday = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

        var sunday = BudgetPeriod.Weekly(DayOfWeek.Sunday).GetBounds(wednesday, TimeZoneInfo.Utc);
        var monday = BudgetPeriod.Weekly().GetBounds(wednesday, TimeZoneInfo.Utc);

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), sunday.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero), sunday.End);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), monday.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), monday.End);
    }

    [Fact]
    public void GetBounds_WeeklyOnItsFirstDay_StartsThatDay()
    {
        var (start, end) = BudgetPeriod.Weekly(DayOfWeek.Sunday).GetBounds(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(TimeSpan.FromDays(7), end - start);
    }

    [Theory]
    [InlineData("day", BudgetPeriodKind.Day, DayOfWeek.Monday, 1, "day")]
    [InlineData(" week ", BudgetPeriodKind.Week, DayOfWeek.Monday, 1, "week")]
    [InlineData("week:sunday", BudgetPeriodKind.Week, DayOfWeek.Sunday, 1, "week:sunday")]
    [InlineData("Week : Saturday", BudgetPeriodKind.Week, DayOfWeek.Saturday, 1, "week:saturday")]
    [InlineData("month", BudgetPeriodKind.Month, DayOfWeek.Monday, 1, "month")]
    [InlineData("month:15", BudgetPeriodKind.Month, DayOfWeek.Monday, 15, "month:15")]
    public void Parse_ValidText_ReadsKindAndRoundTrips(string text, BudgetPeriodKind kind, DayOfWeek first, int resetDay, string normalized)
    {
        var period = BudgetPeriod.Parse(text);

        Assert.Equal(kind, period.Kind);
        Assert.Equal(first, period.FirstDayOfWeek);
        Assert.Equal(resetDay, period.ResetDay);
        Assert.Equal(normalized, period.ToString());
        Assert.Equal(period, BudgetPeriod.Parse(period.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("year")]
    [InlineData("month:0")]
    [InlineData("month:32")]
    [InlineData("week:3")]
    [InlineData("week:someday")]
    [InlineData("day:2")]
    public void Parse_BadText_ThrowsFormatExceptionQuotingIt(string text)
    {
        var exception = Assert.Throws<FormatException>(() => BudgetPeriod.Parse(text));

        Assert.Contains("'" + text + "'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Monthly_ResetDayOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetPeriod.Monthly(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetPeriod.Monthly(32));
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetPeriod.Weekly((DayOfWeek)7));
    }
}
