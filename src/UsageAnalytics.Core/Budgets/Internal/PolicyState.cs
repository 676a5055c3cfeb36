using System.Runtime.InteropServices;
using UsageAnalytics.Analytics;

namespace UsageAnalytics.Budgets.Internal;

/// <summary>
/// The spend of one policy per local day: the current period (as of the latest day seen), the period before it, plus
/// the <see cref="HistoryDays"/> days before that, which the weekday-aware projection reads. Older days are dropped as the
/// latest day advances, so memory stays bounded however long the tracker runs.
/// </summary>
/// <remarks>What is kept depends only on the set of rows added (the cut-off follows the latest day, and the first day
/// seen counts dropped rows too), so merging two states equals adding both inputs to one.</remarks>
internal sealed class PolicyState
{
    /// <summary>Days of history kept before the current period, and the longest history the projection reads.</summary>
    public const int HistoryDays = 28;

    private readonly Dictionary<int, DaySpend> _days = [];
    private readonly ZoneClock _clock;
    private int _cutoff = int.MinValue;

    public PolicyState(BudgetPolicy policy, ZoneClock clock)
    {
        Policy = policy;
        _clock = clock;
    }

    public BudgetPolicy Policy { get; }

    /// <summary>Gets the earliest local day number any matching row fell on (<see cref="int.MaxValue"/> when none).</summary>
    public int FirstDay { get; private set; } = int.MaxValue;

    /// <summary>Gets the latest local day number any matching row fell on (<see cref="int.MinValue"/> when none).</summary>
    public int LatestDay { get; private set; } = int.MinValue;

    /// <summary>Gets the number of local days held.</summary>
    public int RetainedDays => _days.Count;

    public void Add(long utcTicks, string currency, in FixedMoney cost)
    {
        var local = Math.Clamp(utcTicks + _clock.OffsetTicks(utcTicks), 0, DateTime.MaxValue.Ticks);
        var day = (int)(local / TimeSpan.TicksPerDay);
        FirstDay = Math.Min(FirstDay, day);
        if (day > LatestDay)
        {
            Advance(day);
        }

        if (day < _cutoff)
        {
            return;
        }

        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_days, day, out _);
        if (string.Equals(currency, Policy.Currency, StringComparison.OrdinalIgnoreCase))
        {
            entry.Spend.Add(cost);
        }
        else
        {
            entry.OtherCurrency++;
        }
    }

    public void Merge(PolicyState other)
    {
        FirstDay = Math.Min(FirstDay, other.FirstDay);
        foreach (var (day, spend) in other._days)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_days, day, out _);
            entry.Spend.Merge(spend.Spend);
            entry.OtherCurrency += spend.OtherCurrency;
        }

        Advance(Math.Max(LatestDay, other.LatestDay));
    }

    /// <summary>Returns the spend and the other-currency row count of the local days <paramref name="first"/> to
    /// <paramref name="last"/>, both included.</summary>
    public (decimal Spend, long OtherCurrency) Sum(int first, int last)
    {
        var sum = default(MoneySum);
        var other = 0L;
        foreach (var (day, spend) in _days)
        {
            if (day >= first && day <= last)
            {
                sum.Merge(spend.Spend);
                other += spend.OtherCurrency;
            }
        }

        return (sum.Total, other);
    }

    /// <summary>Returns the spend of one local day (0 when nothing was recorded).</summary>
    public decimal SpendOn(int day) => _days.TryGetValue(day, out var spend) ? spend.Spend.Total : 0m;

    private void Advance(int latest)
    {
        if (latest == int.MinValue)
        {
            return;
        }

        LatestDay = latest;
        // Keep the previous period too: a row stamped a little after a period boundary (clock skew, a batch evaluated
        // at an earlier instant) must not drop the period that is still current at evaluation time.
        var periodStart = Policy.Period.DatesOf(DateOnly.FromDayNumber(latest)).Start.DayNumber;
        var previousStart = Policy.Period.DatesOf(DateOnly.FromDayNumber(Math.Max(periodStart - 1, 0))).Start.DayNumber;
        _cutoff = previousStart - HistoryDays;
        List<int>? stale = null;
        foreach (var day in _days.Keys)
        {
            if (day < _cutoff)
            {
                (stale ??= []).Add(day);
            }
        }

        if (stale is not null)
        {
            foreach (var day in stale)
            {
                _days.Remove(day);
            }
        }
    }

    private struct DaySpend
    {
        public MoneySum Spend;
        public long OtherCurrency;
    }
}
