using System.Threading.Channels;

namespace UsageAnalytics.Monitoring;

/// <summary>One reader of a <see cref="UsageMonitor"/>'s events: a bounded queue that drops its oldest event when the
/// reader falls <see cref="Capacity"/> events behind, so a slow reader never slows or blocks the recording threads.</summary>
/// <remarks>Dispose the subscription to stop receiving; the monitor's disposal completes every subscription's
/// <see cref="ReadAllAsync"/>.</remarks>
public sealed class UsageMonitorSubscription : IDisposable
{
    private readonly UsageMonitor _owner;
    private readonly Channel<UsageMonitorEvent> _channel;
    private long _dropped;

    internal UsageMonitorSubscription(UsageMonitor owner, int capacity)
    {
        _owner = owner;
        Capacity = capacity;
        var options = new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = false,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        };
        _channel = Channel.CreateBounded<UsageMonitorEvent>(options, _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Gets the number of events the queue holds before the oldest is dropped.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of events dropped so far because the reader was <see cref="Capacity"/> events
    /// behind.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Reads the events in the order they were published, waiting for new ones, until the subscription or the
    /// monitor is disposed (then the sequence ends after the queued events) or <paramref name="cancellationToken"/> is
    /// cancelled.</summary>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The events.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while
    /// waiting.</exception>
    public IAsyncEnumerable<UsageMonitorEvent> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _channel.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Unsubscribes: no further events are queued, and <see cref="ReadAllAsync"/> ends after the queued
    /// ones.</summary>
    public void Dispose()
    {
        _owner.Unsubscribe(this);
        Complete();
    }

    internal void Publish(UsageMonitorEvent monitorEvent) => _channel.Writer.TryWrite(monitorEvent);

    internal void Complete() => _channel.Writer.TryComplete();
}
