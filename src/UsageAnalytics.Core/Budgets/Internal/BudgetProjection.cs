namespace UsageAnalytics.Budgets.Internal;

/// <summary>Computes a <see cref="BudgetStatus"/> from a policy's daily spends: period spend, burn rate, projection
/// and runway (see <see cref="BudgetRunwayMethod"/> for the two methods and why).</summary>
internal static class BudgetProjection
{
    /// <summary>Full local days of history before today the weekday-aware method needs (two of each weekday).</summary>
    public const int MinimumHistoryDays = 14;

    /// <summary>The most weeks a runway walk looks ahead (about 11,500 years, past the end of the calendar).</summary>
    private const decimal MaxWeeks = 600_000m;

    public static BudgetStatus Evaluate(PolicyState state, DateTimeOffset now)
    {
        var policy = state.Policy;
        var zone = policy.TimeZone;
        var today = LocalDays.DateOf(now, zone);
        var (startDate, endDate) = policy.Period.DatesOf(today);
        var start = LocalDays.StartOf(startDate, zone);
        var end = LocalDays.StartOf(endDate, zone);
        var (spend, otherCurrency) = state.Sum(startDate.DayNumber, today.DayNumber);
        var limit = policy.Limit;
        var means = WeekdayMeans(state, today.DayNumber);

        BudgetRunwayMethod method;
        decimal burn;
        decimal projected;
        DateTimeOffset? runsOut;
        var elapsedTicks = (now - start).Ticks;
        if (means is not null)
        {
            method = BudgetRunwayMethod.WeekdayAware;
            burn = Sum(means) / 7m;
            projected = spend + ExpectedUntil(means, now, today, endDate, zone);
            runsOut = spend >= limit ? now : WalkToLimit(means, limit - spend, now, today, zone);
        }
        else if (spend > 0 && elapsedTicks >= TimeSpan.TicksPerSecond)
        {
            method = BudgetRunwayMethod.PlainRate;
            burn = spend / ((decimal)elapsedTicks / TimeSpan.TicksPerDay);
            projected = spend + (burn * ((decimal)Math.Max(0, (end - now).Ticks) / TimeSpan.TicksPerDay));
            runsOut = spend >= limit ? now : AfterDays(now, limit - spend, burn);
        }
        else
        {
            method = BudgetRunwayMethod.NoSpend;
            burn = 0m;
            projected = spend;
            runsOut = spend >= limit ? now : null;
        }

        var percent = spend / limit * 100m;
        var crossed = new List<decimal>();
        foreach (var threshold in policy.Thresholds)
        {
            if (percent >= threshold)
            {
                crossed.Add(threshold);
            }
        }

        return new BudgetStatus
        {
            Policy = policy,
            AsOf = now,
            PeriodStart = start,
            PeriodEnd = end,
            Spend = spend,
            Remaining = limit - spend,
            PercentUsed = percent,
            BurnRatePerDay = burn,
            RunwayMethod = method,
            ProjectedSpend = projected,
            RunsOutAt = runsOut is { } at ? TimeZoneInfo.ConvertTime(at, zone) : null,
            DaysRemaining = runsOut is { } r ? (r - now).TotalDays : null,
            DaysLeftInPeriod = (end - now).TotalDays,
            ThresholdsCrossed = crossed,
            HighestThresholdCrossed = crossed.Count > 0 ? crossed[^1] : null,
            IsExceeded = spend >= limit,
            IsOnTrack = projected <= limit,
            OtherCurrencyRecords = otherCurrency,
        };
    }

    /// <summary>Returns the mean spend per weekday (index = <see cref="DayOfWeek"/>) over the full days before today,
    /// at most <see cref="PolicyState.HistoryDays"/>, from the first day a row was seen; <see langword="null"/> with
    /// fewer than <see cref="MinimumHistoryDays"/> such days or no spend in them.</summary>
    private static decimal[]? WeekdayMeans(PolicyState state, int today)
    {
        if (state.FirstDay == int.MaxValue)
        {
            return null;
        }

        var first = Math.Max(state.FirstDay, today - PolicyState.HistoryDays);
        if (today - first < MinimumHistoryDays)
        {
            return null;
        }

        var sums = new decimal[7];
        var counts = new int[7];
        for (var day = first; day < today; day++)
        {
            var weekday = (int)WeekdayOf(day);
            sums[weekday] += state.SpendOn(day);
            counts[weekday]++;
        }

        var total = 0m;
        for (var i = 0; i < 7; i++)
        {
            sums[i] /= counts[i];
            total += sums[i];
        }

        return total > 0 ? sums : null;
    }

    private static decimal ExpectedUntil(decimal[] means, DateTimeOffset now, DateOnly today, DateOnly end, TimeZoneInfo zone)
    {
        var expected = means[(int)today.DayOfWeek] * FractionLeft(now, today, zone);
        for (var day = today.AddDays(1); day < end; day = day.AddDays(1))
        {
            expected += means[(int)day.DayOfWeek];
        }

        return expected;
    }

    /// <summary>Walks forward day by day with the expected spends until <paramref name="remaining"/> is used up; the
    /// crossing is interpolated linearly inside its day.</summary>
    private static DateTimeOffset? WalkToLimit(decimal[] means, decimal remaining, DateTimeOffset now, DateOnly today, TimeZoneInfo zone)
    {
        var tomorrow = LocalDays.StartOf(today.AddDays(1), zone);
        var todayShare = means[(int)today.DayOfWeek] * FractionLeft(now, today, zone);
        if (todayShare > 0 && todayShare >= remaining)
        {
            return After(now, remaining / todayShare * (tomorrow - now).Ticks);
        }

        remaining -= todayShare;
        var day = today.AddDays(1);
        var week = Sum(means);
        if (remaining / MaxWeeks > week)
        {
            return null;
        }

        var weeks = decimal.Floor(remaining / week) - 1;
        if (weeks > 0)
        {
            // Whole weeks change nothing but the date; skip them so a distant runway costs no more than a near one.
            if ((weeks * 7) + 14 >= DateOnly.MaxValue.DayNumber - day.DayNumber)
            {
                return null;
            }

            day = day.AddDays((int)weeks * 7);
            remaining -= weeks * week;
        }

        while (day.DayNumber < DateOnly.MaxValue.DayNumber - 1)
        {
            var mean = means[(int)day.DayOfWeek];
            if (mean > 0 && mean >= remaining)
            {
                var dayStart = LocalDays.StartOf(day, zone);
                var dayEnd = LocalDays.StartOf(day.AddDays(1), zone);
                return After(dayStart, remaining / mean * (dayEnd - dayStart).Ticks);
            }

            remaining -= mean;
            day = day.AddDays(1);
        }

        return null;
    }

    private static decimal FractionLeft(DateTimeOffset now, DateOnly today, TimeZoneInfo zone)
    {
        var dayStart = LocalDays.StartOf(today, zone);
        var dayEnd = LocalDays.StartOf(today.AddDays(1), zone);
        return (decimal)(dayEnd - now).Ticks / (dayEnd - dayStart).Ticks;
    }

    /// <summary>Returns <paramref name="from"/> plus <paramref name="amount"/> / <paramref name="perDay"/> days, or
    /// <see langword="null"/> beyond the representable range (checked before dividing, so no overflow).</summary>
    private static DateTimeOffset? AfterDays(DateTimeOffset from, decimal amount, decimal perDay)
    {
        var roomDays = (decimal)(DateTimeOffset.MaxValue - from).Ticks / TimeSpan.TicksPerDay;
        return amount / roomDays >= perDay ? null : After(from, amount / perDay * TimeSpan.TicksPerDay);
    }

    private static DateTimeOffset? After(DateTimeOffset from, decimal ticks)
    {
        var room = (DateTimeOffset.MaxValue - from).Ticks;
        return ticks >= room ? null : from.AddTicks((long)decimal.Round(ticks));
    }

    private static decimal Sum(decimal[] values)
    {
        var sum = 0m;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }

    private static DayOfWeek WeekdayOf(int dayNumber) => (DayOfWeek)((dayNumber + 1) % 7);
}
