using UsageAnalytics.Alerts;
using UsageAnalytics.Analytics;
using UsageAnalytics.Budgets;

namespace UsageAnalytics.Monitoring;

/// <content>Snapshots and evaluation.</content>
public sealed partial class UsageMonitor
{
    /// <summary>Serializes evaluations (timer and <see cref="EvaluateNow"/>) and guards what they keep between runs.</summary>
    private readonly object _evaluationGate = new();

    /// <summary>Guards <see cref="_snapshotClock"/>, which is not thread-safe.</summary>
    private readonly object _snapshotGate = new();
    private readonly ZoneClock _snapshotClock;

    /// <summary>Per budget name: the period start and the highest threshold already published in it.</summary>
    private readonly Dictionary<string, (DateTimeOffset PeriodStart, decimal Highest)> _published = new(StringComparer.Ordinal);
    private BudgetReport? _lastBudgets;

    /// <summary>The state of every alert rule between evaluations.</summary>
    private readonly AlertRuleState _ruleState;
    private AlertEvaluation? _lastAlerts;

    /// <summary>Returns the alert rules' state (status and since, per rule) as versioned JSON, for a host to store and
    /// pass back through <see cref="UsageMonitorOptions.AlertState"/> after a restart, so a rule still firing is not
    /// announced again. Taken between evaluations.</summary>
    /// <returns>The JSON of <see cref="AlertRuleState.ToJson"/>.</returns>
    /// <exception cref="ObjectDisposedException">The monitor is disposed.</exception>
    public string GetAlertStateJson()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_evaluationGate)
        {
            return _ruleState.ToJson();
        }
    }

    /// <summary>Returns the figures as of now on the monitor's clock, with the budgets and alerts of the latest
    /// evaluation (<see langword="null"/> before the first, or when none are configured). Safe to call from any thread
    /// while rows are being recorded; it does not evaluate or publish.</summary>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ObjectDisposedException">The monitor is disposed.</exception>
    public UsageMonitorSnapshot GetSnapshot()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var now = _time.GetUtcNow().UtcTicks;
        var tally = Tally(now, null, null);
        return ToSnapshot(tally, now, Volatile.Read(ref _lastBudgets), Volatile.Read(ref _lastAlerts));
    }

    /// <summary>Evaluates now, as the timer does: merges the shards into fresh state, evaluates the budgets and alert
    /// rules, and publishes to every subscriber a <see cref="CostUpdatedEvent"/>, then a
    /// <see cref="BudgetThresholdCrossedEvent"/> per newly reached threshold (budget order, lower threshold first), then
    /// an <see cref="AlertMonitorEvent"/> per rule that fired or resolved (rule order).</summary>
    /// <returns>The snapshot the evaluation saw, with its budgets and alerts.</returns>
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
#pragma warning disable CA1031 // A timer callback must not throw: that would end the process. The failure is surfaced instead.
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failedEvaluations);
            Volatile.Write(ref _lastEvaluationError, ex);
        }
#pragma warning restore CA1031
        finally
        {
            Monitor.Exit(_evaluationGate);
        }
    }

    /// <summary>One evaluation; called under <see cref="_evaluationGate"/>.</summary>
    private UsageMonitorSnapshot Evaluate()
    {
        var now = _time.GetUtcNow();
        var nowTicks = now.UtcTicks;
        var budgets = _options.Budgets.Count == 0 ? null : new BudgetTracker(_options.Budgets);
        var alerts = _options.Rules.Count == 0 ? null : new AlertWindowStore(_options.Rules, _options.TimeZone, _currency);
        var tally = Tally(nowTicks, budgets, alerts);
        var report = budgets?.Evaluate(now);
        var evaluation = alerts is null ? null : AlertEvaluator.Evaluate(_options.Rules, _ruleState, alerts, now, report);
        Volatile.Write(ref _lastBudgets, report);
        Volatile.Write(ref _lastAlerts, evaluation);
        var snapshot = ToSnapshot(tally, nowTicks, report, evaluation);
        if (Volatile.Read(ref _disposed) != 0)
        {
            return snapshot;
        }

        Publish(new CostUpdatedEvent
        {
            At = snapshot.AsOf,
            Currency = _currency,
            SpendToday = tally.SpendToday,
            SpendThisHour = tally.SpendThisHour,
            SpendTotal = tally.SpendTotal,
        });
        if (report is not null)
        {
            PublishThresholds(report, snapshot.AsOf);
        }

        foreach (var alert in evaluation?.Events ?? [])
        {
            Publish(new AlertMonitorEvent { At = snapshot.AsOf, Alert = alert });
        }

        return snapshot;
    }

    /// <summary>Publishes each threshold reached since the last evaluation, once per budget period.</summary>
    private void PublishThresholds(BudgetReport report, DateTimeOffset at)
    {
        foreach (var status in report.Statuses)
        {
            var name = status.Policy.Name;
            var highest = _published.TryGetValue(name, out var seen) && seen.PeriodStart == status.PeriodStart ? seen.Highest : 0m;
            foreach (var threshold in status.ThresholdsCrossed)
            {
                if (threshold > highest)
                {
                    Publish(new BudgetThresholdCrossedEvent { At = at, Status = status, Threshold = threshold });
                    highest = threshold;
                }
            }

            _published[name] = (status.PeriodStart, highest);
        }
    }

    /// <summary>Merges every shard, one lock at a time, into a fresh tally and, when given, fresh budget and alert
    /// state.</summary>
    private MonitorTally Tally(long nowUtcTicks, BudgetTracker? budgets, AlertWindowStore? alerts)
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
                if (budgets is not null)
                {
                    budgets.Merge(shard.Budgets!);
                }

                if (alerts is not null)
                {
                    alerts.Merge(shard.Alerts!);
                }
            }
        }

        return tally;
    }

    private UsageMonitorSnapshot ToSnapshot(MonitorTally tally, long nowUtcTicks, BudgetReport? budgets, AlertEvaluation? alerts)
    {
        var dropped = DroppedEvents();
        lock (_snapshotGate)
        {
            return tally.ToSnapshot(_snapshotClock, nowUtcTicks, _startUtcTicks, _currency, _options.TopCount, Interlocked.Read(ref _rejected), Interlocked.Read(ref _future), (Interlocked.Read(ref _failedEvaluations), Volatile.Read(ref _lastEvaluationError)), dropped, budgets, alerts);
        }
    }
}
