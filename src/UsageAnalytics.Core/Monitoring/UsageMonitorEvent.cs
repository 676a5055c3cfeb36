namespace UsageAnalytics.Monitoring;

/// <summary>Something a <see cref="UsageMonitor"/> publishes to its subscribers (see
/// <see cref="UsageMonitor.Subscribe"/>); switch on the derived type.</summary>
public abstract record UsageMonitorEvent
{
    /// <summary>Gets the instant of the event on the monitor's clock, with the offset of
    /// <see cref="UsageMonitorOptions.TimeZone"/>.</summary>
    public required DateTimeOffset At { get; init; }
}
