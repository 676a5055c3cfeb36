using UsageAnalytics.Alerts;

namespace UsageAnalytics.Monitoring;

/// <summary>An alert rule changed state at an evaluation: it fired, or it resolved (see <see cref="AlertEvent.Kind"/>).
/// An evaluation whose rule states do not change publishes none.</summary>
public sealed record AlertMonitorEvent : UsageMonitorEvent
{
    /// <summary>Gets the alert: the rule, its severity, the comparison with its observed value, threshold and window.</summary>
    public required AlertEvent Alert { get; init; }
}
