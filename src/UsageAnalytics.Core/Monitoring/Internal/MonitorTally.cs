using System.Runtime.InteropServices;
using UsageAnalytics.Alerts;
using UsageAnalytics.Analytics;
using UsageAnalytics.Budgets;

namespace UsageAnalytics.Monitoring;

/// <summary>The figures of every shard merged into fresh state for one snapshot; shards are merged one at a time
/// under their own locks.</summary>
internal sealed class MonitorTally
{
    private readonly double _accuracy;
    private GroupState _totals;
    private GroupState _minute;
    private GroupState _hour;
    private GroupState _day;
    private readonly Dictionary<string, GroupState> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GroupState> _models = new(StringComparer.Ordinal);
    private MonitorWindows _windows;
    private long _late;

    public MonitorTally(MonitorWindows windows, double accuracy)
    {
        _accuracy = accuracy;
        _windows = windows;
        _totals = GroupState.Create(accuracy, tokenSketch: true);
        _minute = GroupState.Create(accuracy);
        _hour = GroupState.Create(accuracy);
        _day = GroupState.Create(accuracy);
    }

    public MonitorWindows Windows => _windows;

    public decimal SpendTotal => _totals.Effective.Total;

    public decimal SpendThisHour => _hour.Effective.Total;

    public decimal SpendToday => _day.Effective.Total;

    /// <summary>Merges a shard already rolled to the tally's instant (call under the shard's lock). A shard whose
    /// windows are newer (a row arrived with a later clock reading meanwhile) moves the tally to them.</summary>
    public void Merge(MonitorShard shard)
    {
        var windows = shard.Windows;
        if (windows.MinuteStart > _windows.MinuteStart)
        {
            Adopt(windows);
        }

        _totals.Merge(in shard.Totals);
        _late += shard.Late;
        if (windows.DayStart == _windows.DayStart)
        {
            _day.Merge(in shard.Day);
        }

        if (windows.HourStart == _windows.HourStart)
        {
            _hour.Merge(in shard.Hour);
            MergeRanks(_keys, shard.Keys);
            MergeRanks(_models, shard.Models);
        }

        if (windows.MinuteStart == _windows.MinuteStart)
        {
            _minute.Merge(in shard.Minute);
        }
    }

    public UsageMonitorSnapshot ToSnapshot(ZoneClock clock, long nowUtcTicks, long startUtcTicks, string currency, int topCount, long rejected, long dropped, BudgetReport? budgets, AlertEvaluation? alerts) => new()
    {
        Budgets = budgets,
        Alerts = alerts,
        AsOf = clock.AtInstant(nowUtcTicks),
        Currency = currency,
        ThisMinute = Period(clock, _windows.MinuteStart, _windows.MinuteEnd, in _minute),
        ThisHour = Period(clock, _windows.HourStart, _windows.HourEnd, in _hour),
        Today = Period(clock, _windows.DayStart, _windows.DayEnd, in _day),
        Totals = Period(clock, startUtcTicks, Math.Max(nowUtcTicks, startUtcTicks), in _totals),
        TopKeys = Top(_keys, UsageDimension.KeyAlias, topCount),
        TopModels = Top(_models, UsageDimension.Model, topCount),
        Records = _totals.Requests,
        LateRecords = _late,
        RejectedRecords = rejected,
        DroppedEvents = dropped,
    };

    private void Adopt(MonitorWindows windows)
    {
        if (windows.DayStart != _windows.DayStart)
        {
            _day = GroupState.Create(_accuracy);
        }

        if (windows.HourStart != _windows.HourStart)
        {
            _hour = GroupState.Create(_accuracy);
            _keys.Clear();
            _models.Clear();
        }

        _minute = GroupState.Create(_accuracy);
        _windows = windows;
    }

    private static void MergeRanks(Dictionary<string, GroupState> into, Dictionary<string, GroupState> from)
    {
        foreach (var (key, state) in from)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(into, key, out _).Merge(in state);
        }
    }

    private static UsageMonitorPeriod Period(ZoneClock clock, long start, long end, in GroupState state) => new()
    {
        Start = clock.AtInstant(start),
        End = clock.AtInstant(end),
        Figures = FiguresReader.FiguresOf(in state),
    };

    private static UsageGroup[] Top(Dictionary<string, GroupState> table, UsageDimension dimension, int count)
    {
        if (count == 0 || table.Count == 0)
        {
            return [];
        }

        var ranked = new (string Key, decimal Spend)[table.Count];
        var i = 0;
        foreach (var (key, state) in table)
        {
            ranked[i++] = (key, state.Effective.Total);
        }

        Array.Sort(ranked, static (a, b) => b.Spend != a.Spend ? b.Spend.CompareTo(a.Spend) : string.CompareOrdinal(a.Key, b.Key));
        var top = new UsageGroup[Math.Min(count, ranked.Length)];
        for (var j = 0; j < top.Length; j++)
        {
            top[j] = new UsageGroup { Dimension = dimension, Key = ranked[j].Key, Figures = FiguresReader.FiguresOf(table[ranked[j].Key]) };
        }

        return top;
    }
}
