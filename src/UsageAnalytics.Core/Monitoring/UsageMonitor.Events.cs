using UsageAnalytics.Records;

namespace UsageAnalytics.Monitoring;

/// <content>Subscriptions and publishing.</content>
public sealed partial class UsageMonitor
{
    private readonly object _subscriptionGate = new();
    private UsageMonitorSubscription[] _subscribers = [];
    private long _droppedByClosed;

    /// <summary>Subscribes to the monitor's events: every recorded row (<see cref="UsageRecordedEvent"/> or
    /// <see cref="UsageErrorEvent"/>), and at each evaluation a <see cref="CostUpdatedEvent"/> followed by its
    /// <see cref="BudgetThresholdCrossedEvent"/>s and <c>AlertMonitorEvent</c>s.</summary>
    /// <param name="capacity">The events the subscription queues before dropping the oldest; 0 (the default) for
    /// <see cref="UsageMonitorOptions.EventCapacity"/>.</param>
    /// <returns>The subscription; read it with <see cref="UsageMonitorSubscription.ReadAllAsync"/> and dispose it to
    /// unsubscribe.</returns>
    /// <remarks>Events of one recording thread keep their order; rows recorded at once on several threads interleave.
    /// A subscription sees only events published after it was made.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The monitor is disposed.</exception>
    public UsageMonitorSubscription Subscribe(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var subscription = new UsageMonitorSubscription(this, capacity == 0 ? _options.EventCapacity : capacity);
        lock (_subscriptionGate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    internal void Unsubscribe(UsageMonitorSubscription subscription)
    {
        lock (_subscriptionGate)
        {
            var index = Array.IndexOf(_subscribers, subscription);
            if (index < 0)
            {
                return;
            }

            _subscribers = [.. _subscribers[..index], .. _subscribers[(index + 1)..]];
            _droppedByClosed += subscription.DroppedCount;
        }
    }

    private long DroppedEvents()
    {
        lock (_subscriptionGate)
        {
            var dropped = _droppedByClosed;
            foreach (var subscription in _subscribers)
            {
                dropped += subscription.DroppedCount;
            }

            return dropped;
        }
    }

    private void PublishRecord(UsageRecord record, DateTimeOffset now)
    {
        var at = TimeZoneInfo.ConvertTime(now, _options.TimeZone);
        UsageMonitorEvent monitorEvent = record.IsSuccess
            ? new UsageRecordedEvent { At = at, Record = record }
            : new UsageErrorEvent { At = at, Record = record };
        Publish(monitorEvent);
    }

    private void Publish(UsageMonitorEvent monitorEvent)
    {
        foreach (var subscription in Volatile.Read(ref _subscribers))
        {
            subscription.Publish(monitorEvent);
        }
    }

    private void CompleteSubscriptions()
    {
        UsageMonitorSubscription[] subscribers;
        lock (_subscriptionGate)
        {
            subscribers = _subscribers;
            _subscribers = [];
            foreach (var subscription in subscribers)
            {
                _droppedByClosed += subscription.DroppedCount;
            }
        }

        foreach (var subscription in subscribers)
        {
            subscription.Complete();
        }
    }
}
