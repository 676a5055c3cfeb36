using System.Diagnostics.Metrics;
using System.Numerics;
using UsageAnalytics.Alerts;
using UsageAnalytics.Analytics;
using UsageAnalytics.Budgets;
using UsageAnalytics.Records;

namespace UsageAnalytics.Monitoring;

/// <summary>
/// Live usage and cost of an application, as it happens: record each LLM call and read spend this minute, hour and
/// day, the top keys and models, budget status and alerts, or subscribe to a stream of events for a dashboard.
/// Thread-safe.
/// </summary>
/// <remarks>
/// <para><see cref="Record"/> is cheap and called from many threads at once: state is split in shards (a power of two,
/// at least the processor count), each with its own lock, chosen by the calling thread; there is no global lock per
/// row and no allocation per row beyond the event handed to subscribers (none without subscribers). The monitor also
/// publishes every row as OpenTelemetry GenAI metrics through its own <see cref="GenAIUsageMetrics"/>.</para>
/// <para>Every <see cref="UsageMonitorOptions.CostUpdateInterval"/> on the given <see cref="TimeProvider"/> (and at each
/// <see cref="EvaluateNow"/>) the monitor merges the shards into fresh state, taking each shard's lock in turn, and
/// publishes a <see cref="CostUpdatedEvent"/>, then a <see cref="BudgetThresholdCrossedEvent"/> per budget threshold
/// newly reached and an <see cref="AlertMonitorEvent"/> per alert rule that fired or resolved. Budgets and alerts count
/// the rows recorded since the monitor started.</para>
/// <para>Memory is bounded whatever the run time: fixed figures per shard and window, the keys and models of the
/// current hour (at most 10,000 of each per shard). Dispose the monitor to stop its timer and end every
/// subscription.</para>
/// </remarks>
public sealed partial class UsageMonitor : IDisposable, IAsyncDisposable
{
    private const double Accuracy = QuantileSketch.DefaultRelativeAccuracy;

    private readonly UsageMonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly string _currency;
    private readonly MonitorShard[] _shards;
    private readonly int _mask;
    private readonly long _startUtcTicks;
    private readonly GenAIUsageMetrics _metrics;
    private readonly ITimer? _timer;
    private long _rejected;
    private long _future;
    private long _failedEvaluations;
    private Exception? _lastEvaluationError;
    private int _disposed;

    /// <summary>Starts a monitor; its timer (unless turned off) first fires one
    /// <see cref="UsageMonitorOptions.CostUpdateInterval"/> from now.</summary>
    /// <param name="options">What to watch; validated (see <see cref="UsageMonitorOptions.Validate"/>).</param>
    /// <param name="timeProvider">The clock for windows, event times and the timer; <see langword="null"/> for
    /// <see cref="TimeProvider.System"/>.</param>
    /// <param name="meterFactory">The host's meter factory for the GenAI metrics; <see langword="null"/> creates the
    /// meter <see cref="GenAIUsageMetrics.MeterName"/> directly.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message names the setting.</exception>
    public UsageMonitor(UsageMonitorOptions options, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _currency = options.Currency.Trim().ToUpperInvariant();

        // A copy: the caller's state object stays theirs.
        _ruleState = options.AlertState is { } saved ? AlertRuleState.FromJson(saved.ToJson()) : new AlertRuleState();
        var count = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(Environment.ProcessorCount, 1, 64));
        _shards = new MonitorShard[count];
        _mask = count - 1;
        _startUtcTicks = _time.GetUtcNow().UtcTicks;
        _snapshotClock = new ZoneClock(options.TimeZone, DayOfWeek.Monday);
        for (var i = 0; i < count; i++)
        {
            _shards[i] = CreateShard();
        }

        _metrics = new GenAIUsageMetrics(meterFactory);
        if (options.CostUpdateInterval != Timeout.InfiniteTimeSpan)
        {
            _timer = _time.CreateTimer(static state => ((UsageMonitor)state!).OnTimer(), this, options.CostUpdateInterval, options.CostUpdateInterval);
        }
    }

    /// <summary>Gets the options the monitor runs with.</summary>
    public UsageMonitorOptions Options => _options;

    /// <summary>Records one call: adds it to every window it falls in, publishes its metrics and hands a
    /// <see cref="UsageRecordedEvent"/> (or <see cref="UsageErrorEvent"/> for a failed call) to each subscriber.</summary>
    /// <param name="record">The row.</param>
    /// <remarks>A row the engine refuses (another currency, a default timestamp, a negative count, cost or duration,
    /// a cost over 10¹⁵) is not counted, published or measured; it is counted in
    /// <see cref="UsageMonitorSnapshot.RejectedRecords"/>, so recording never throws for bad data. A row timestamped more
    /// than <see cref="UsageMonitorOptions.MaxClockSkew"/> after the monitor's clock is counted in
    /// <see cref="UsageMonitorSnapshot.FutureRecords"/> and not added anywhere either: it would move the rolling windows
    /// of budgets and alert rules past now.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The monitor is disposed.</exception>
    public void Record(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!RecordCheck.Passes(record, _currency) && RecordCheck.Problem(record, _currency) is not null)
        {
            Interlocked.Increment(ref _rejected);
            return;
        }

        var now = _time.GetUtcNow();
        if (record.Timestamp.UtcTicks - now.UtcTicks > _options.MaxClockSkew.Ticks)
        {
            // A row from the future would move every rolling window (budget days, alert buckets) past "now" and
            // push real rows out as too old: it is counted, never added.
            Interlocked.Increment(ref _future);
            return;
        }

        var row = new RowFigures(record);
        var shard = _shards[Environment.CurrentManagedThreadId & _mask];
        lock (shard.Gate)
        {
            shard.Add(record, in row, now.UtcTicks);
        }

        _metrics.Record(record);
        if (Volatile.Read(ref _subscribers).Length != 0)
        {
            PublishRecord(record, now);
        }
    }

    /// <summary>Stops the timer, ends every subscription (readers finish the queued events) and disposes the metrics.
    /// An evaluation in progress on another thread completes first. Calling it again does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _timer?.Dispose();
        Shutdown();
    }

    /// <summary>As <see cref="Dispose"/>, and waits for a timer callback in progress to finish.</summary>
    /// <returns>A task that completes when the monitor is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        Shutdown();
    }

    private MonitorShard CreateShard() => new(_options.TimeZone, Accuracy)
    {
        Budgets = _options.Budgets.Count == 0 ? null : new BudgetTracker(_options.Budgets),
        Alerts = _options.Rules.Count == 0 ? null : new AlertWindowStore(_options.Rules, _options.TimeZone, _currency),
    };

    private void Shutdown()
    {
        lock (_evaluationGate)
        {
            CompleteSubscriptions();
        }

        _metrics.Dispose();
    }
}
