using System.Runtime.InteropServices;
using UsageAnalytics.Alerts;
using UsageAnalytics.Analytics;
using UsageAnalytics.Budgets;
using UsageAnalytics.Records;

namespace UsageAnalytics.Monitoring;

/// <summary>
/// One of the monitor's independent slices of state, chosen by the recording thread: its own lock, its own windows and
/// figures, so threads recording at once rarely wait for each other. Every member is used under <see cref="Gate"/>.
/// </summary>
/// <remarks>Windows only move forward: a thread that read the clock just before another rolled the shard adds to the
/// newer windows (its row is still in range by timestamp, or late).</remarks>
internal sealed class MonitorShard
{
    /// <summary>The most keys (or models) one shard ranks per hour: memory stays bounded whatever arrives; further new
    /// keys that hour are counted everywhere but not ranked.</summary>
    public const int MaxRankedPerHour = 10_000;

    private readonly ZoneClock _clock;
    private readonly double _accuracy;
    private bool _started;

    public MonitorShard(TimeZoneInfo zone, double accuracy)
    {
        _clock = new ZoneClock(zone, DayOfWeek.Monday);
        _accuracy = accuracy;
        Totals = GroupState.Create(accuracy, tokenSketch: true);
        Minute = GroupState.Create(accuracy);
        Hour = GroupState.Create(accuracy);
        Day = GroupState.Create(accuracy);
    }

#if NET9_0_OR_GREATER
    public Lock Gate { get; } = new();
#else
    public object Gate { get; } = new();
#endif

    public MonitorWindows Windows { get; private set; }

    public GroupState Totals;
    public GroupState Minute;
    public GroupState Hour;
    public GroupState Day;

    public Dictionary<string, GroupState> Keys { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, GroupState> Models { get; } = new(StringComparer.Ordinal);

    public long Late { get; private set; }

    /// <summary>The shard's budget tracker, when the monitor has budgets.</summary>
    public BudgetTracker? Budgets { get; init; }

    /// <summary>The shard's alert windows, when the monitor has alert rules.</summary>
    public AlertWindowStore? Alerts { get; init; }

    public void Add(UsageRecord record, in RowFigures row, long nowUtcTicks)
    {
        Roll(nowUtcTicks);
        Totals.Add(in row);
        var timestamp = record.Timestamp.UtcTicks;
        var windows = Windows;
        if (timestamp >= windows.DayStart)
        {
            Day.Add(in row);
            if (timestamp >= windows.HourStart)
            {
                Hour.Add(in row);
                Rank(Keys, record.KeyAlias, in row);
                Rank(Models, record.Model, in row);
                if (timestamp >= windows.MinuteStart)
                {
                    Minute.Add(in row);
                }
            }
        }
        else
        {
            Late++;
        }

        Budgets?.Add(record);
        Alerts?.Add(record);
    }

    /// <summary>Moves the windows forward to those of <paramref name="nowUtcTicks"/>, emptying each window that
    /// changed; an earlier instant changes nothing.</summary>
    public void Roll(long nowUtcTicks)
    {
        if (_started && nowUtcTicks < Windows.MinuteEnd)
        {
            return;
        }

        RollSlow(nowUtcTicks);
    }

    private void RollSlow(long nowUtcTicks)
    {
        var next = MonitorWindows.At(_clock, nowUtcTicks);
        var previous = Windows;
        if (_started && next.MinuteStart <= previous.MinuteStart)
        {
            return;
        }

        Windows = next;
        if (!_started || next.MinuteStart != previous.MinuteStart)
        {
            Minute = GroupState.Create(_accuracy);
        }

        if (!_started || next.HourStart != previous.HourStart)
        {
            Hour = GroupState.Create(_accuracy);
            Keys.Clear();
            Keys.TrimExcess();
            Models.Clear();
            Models.TrimExcess();
        }

        if (!_started || next.DayStart != previous.DayStart)
        {
            Day = GroupState.Create(_accuracy);
        }

        _started = true;
    }

    private static void Rank(Dictionary<string, GroupState> table, string? key, in RowFigures row)
    {
        if (DimensionKey.Normalize(key) is not { } value)
        {
            return;
        }

        if (table.Count >= MaxRankedPerHour && !table.ContainsKey(value))
        {
            return;
        }

        CollectionsMarshal.GetValueRefOrAddDefault(table, value, out _).Add(in row);
    }
}
