using Microsoft.Extensions.Time.Testing;

namespace UsageAnalytics.Monitoring;

public sealed class UsageMonitorEventTests
{
    private static readonly DateTimeOffset _start = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Subscribe_RecordsAndEvaluation_EventsArriveInOrderWithTheirKinds()
    {
        var clock = new FakeTimeProvider(_start);
        var monitor = new UsageMonitor(new UsageMonitorOptions { CostUpdateInterval = Timeout.InfiniteTimeSpan }, clock);
        using var subscription = monitor.Subscribe();
        var ok = UsageMonitorWindowTests.Row(_start, 0.25m);
        var failed = UsageMonitorWindowTests.Row(_start, 0.5m) with { Status = "failure", ErrorType = "RateLimitError" };

        monitor.Record(ok);
        monitor.Record(failed);
        monitor.EvaluateNow();
        await monitor.DisposeAsync();
        var events = await ReadAll(subscription);

        Assert.Equal(3, events.Count);
        Assert.Same(ok, Assert.IsType<UsageRecordedEvent>(events[0]).Record);
        Assert.Same(failed, Assert.IsType<UsageErrorEvent>(events[1]).Record);
        var cost = Assert.IsType<CostUpdatedEvent>(events[2]);

        // 0.25 + 0.50 = 0.75 in every window.
        Assert.Equal(0.75m, cost.SpendTotal);
        Assert.Equal(0.75m, cost.SpendToday);
        Assert.Equal(0.75m, cost.SpendThisHour);
        Assert.Equal("USD", cost.Currency);
        Assert.Equal(_start, events[0].At);
    }

    [Fact]
    public async Task Subscribe_SlowReader_DropsOldestAndCounts()
    {
        var clock = new FakeTimeProvider(_start);
        var monitor = new UsageMonitor(new UsageMonitorOptions { CostUpdateInterval = Timeout.InfiniteTimeSpan }, clock);
        using var subscription = monitor.Subscribe(capacity: 3);

        for (var i = 1; i <= 5; i++)
        {
            monitor.Record(UsageMonitorWindowTests.Row(_start, i));
        }

        var snapshot = monitor.GetSnapshot();
        await monitor.DisposeAsync();
        var events = await ReadAll(subscription);

        // Five events into a queue of three: the first two are dropped, rows 3, 4 and 5 remain.
        Assert.Equal([3m, 4m, 5m], events.Select(e => ((UsageRecordedEvent)e).Record.EstimatedCost));
        Assert.Equal(2, subscription.DroppedCount);
        Assert.Equal(2, snapshot.DroppedEvents);
    }

    [Fact]
    public async Task Timer_FiresEveryInterval_PublishesCostUpdatesUntilDisposed()
    {
        var clock = new FakeTimeProvider(_start);
        var monitor = new UsageMonitor(new UsageMonitorOptions { CostUpdateInterval = TimeSpan.FromSeconds(10) }, clock);
        using var subscription = monitor.Subscribe();
        monitor.Record(UsageMonitorWindowTests.Row(_start, 1.5m));

        clock.Advance(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(10));
        monitor.Dispose();
        clock.Advance(TimeSpan.FromMinutes(5));
        var events = await ReadAll(subscription);

        // One row, then a cost update at +10 s and +20 s; none after disposal.
        Assert.IsType<UsageRecordedEvent>(events[0]);
        var updates = events.OfType<CostUpdatedEvent>().ToList();
        Assert.Equal([_start.AddSeconds(10), _start.AddSeconds(20)], updates.Select(u => u.At));
        Assert.All(updates, u => Assert.Equal(1.5m, u.SpendTotal));
        Assert.Equal(3, events.Count);
        Assert.Throws<ObjectDisposedException>(() => monitor.Record(UsageMonitorWindowTests.Row(_start, 1m)));
        Assert.Throws<ObjectDisposedException>(() => monitor.Subscribe());
    }

    [Fact]
    public async Task Dispose_Subscription_StopsQueueingAndEndsReader()
    {
        var clock = new FakeTimeProvider(_start);
        using var monitor = new UsageMonitor(new UsageMonitorOptions { CostUpdateInterval = Timeout.InfiniteTimeSpan }, clock);
        var subscription = monitor.Subscribe();
        monitor.Record(UsageMonitorWindowTests.Row(_start, 1m));

        subscription.Dispose();
        monitor.Record(UsageMonitorWindowTests.Row(_start, 2m));
        var events = await ReadAll(subscription);

        Assert.Equal(1m, Assert.IsType<UsageRecordedEvent>(Assert.Single(events)).Record.EstimatedCost);
    }

    internal static async Task<List<UsageMonitorEvent>> ReadAll(UsageMonitorSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<UsageMonitorEvent>();
        await foreach (var monitorEvent in subscription.ReadAllAsync(timeout.Token))
        {
            events.Add(monitorEvent);
        }

        return events;
    }
}
