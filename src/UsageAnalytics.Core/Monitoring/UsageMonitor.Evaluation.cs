using UsageAnalytics.Analytics;

namespace UsageAnalytics.Monitoring;

/// <content>Snapshots and evaluation.</content>
public sealed partial class UsageMonitor
{
    /// <summary>Serializes evaluations (timer and <see cref="EvaluateNow"/>) and guards what they keep between runs.</summary>
    private readonly object _evaluationGate = new();

    /// <summary>Guards <see cref="_snapshotClock"/>, which is not thread-safe.</summary>
    private readonly object _snapshotGate = new();
    private readonly ZoneClock _snapshotClock;

    /// <summary>Returns the figures as of now on the monitor's clock, with the budgets and alerts of the latest
    /// evaluation. Safe to call from any thread while rows are being recorded.</summary>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ObjectDisposedException">The monitor is disposed.</exception>
    public UsageMonitorSnapshot GetSnapshot()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var now = _time.GetUtcNow().UtcTicks;
        var tally = Tally(now);
        return ToSnapshot(tally, now);
    }

    /// <summary>Evaluates now, as the timer does: merges the shards, publishes a <see cref="CostUpdatedEvent"/> to every
    /// subscriber, and returns the snapshot of that evaluation.</summary>
    /// <returns>The snapshot the evaluation saw.</returns>
    /// <exception cref="ObjectDisposedException">The monitor is disposed.</exception>
    public UsageMonitorSnapshot EvaluateNow()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_evaluationGate)
        {
            return Evaluate();
        }
    }

    private void OnTimer()
    {
        // A slow evaluation is not queued behind: the next tick evaluates again.
        if (!Monitor.TryEnter(_evaluationGate))
        {
            return;
        }

        try
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                Evaluate();
            }
        }
        finally
        {
            Monitor.Exit(_evaluationGate);
        }
    }

    /// <summary>One evaluation; called under <see cref="_evaluationGate"/>.</summary>
    private UsageMonitorSnapshot Evaluate()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var tally = Tally(now);
        var snapshot = ToSnapshot(tally, now);
        if (Volatile.Read(ref _disposed) == 0)
        {
            Publish(new CostUpdatedEvent
            {
                At = snapshot.AsOf,
                Currency = _currency,
                SpendToday = tally.SpendToday,
                SpendThisHour = tally.SpendThisHour,
                SpendTotal = tally.SpendTotal,
            });
        }

        return snapshot;
    }

    private MonitorTally Tally(long nowUtcTicks)
    {
        MonitorWindows windows;
        lock (_snapshotGate)
        {
            windows = MonitorWindows.At(_snapshotClock, nowUtcTicks);
        }

        var tally = new MonitorTally(windows, Accuracy);
        foreach (var shard in _shards)
        {
            lock (shard.Gate)
            {
                shard.Roll(nowUtcTicks);
                tally.Merge(shard);
            }
        }

        return tally;
    }

    private UsageMonitorSnapshot ToSnapshot(MonitorTally tally, long nowUtcTicks)
    {
        var dropped = DroppedEvents();
        lock (_snapshotGate)
        {
            return tally.ToSnapshot(_snapshotClock, nowUtcTicks, _startUtcTicks, _currency, _options.TopCount, Interlocked.Read(ref _rejected), dropped);
        }
    }
}
