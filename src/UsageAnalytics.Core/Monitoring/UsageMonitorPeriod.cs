using UsageAnalytics.Analytics;

namespace UsageAnalytics.Monitoring;

/// <summary>The figures of the rows a <see cref="UsageMonitor"/> recorded over one period: this minute, this hour,
/// today, or since it started.</summary>
public sealed record UsageMonitorPeriod
{
    /// <summary>Gets the start of the period (inclusive), with the offset of <see cref="UsageMonitorOptions.TimeZone"/>:
    /// a local minute, hour or midnight, or the instant the monitor started.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Gets the end of the period (exclusive): the next local minute, hour or midnight, or the snapshot's
    /// <see cref="UsageMonitorSnapshot.AsOf"/> for the totals.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Gets the figures of the rows whose timestamp is at or after <see cref="Start"/> (for the totals: every
    /// row recorded since the start). Latency, time-to-first-token and tokens-per-request statistics cover successful
    /// calls, as everywhere (see <see cref="UsageFigures"/>).</summary>
    public required UsageFigures Figures { get; init; }
}
