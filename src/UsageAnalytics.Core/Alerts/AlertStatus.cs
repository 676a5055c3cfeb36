namespace UsageAnalytics.Alerts;

/// <summary>The state of an alert rule between evaluations.</summary>
public enum AlertStatus
{
    /// <summary>The condition is false and no resolution is pending.</summary>
    Ok,

    /// <summary>The condition is true.</summary>
    Firing,

    /// <summary>The condition became false at the last evaluation; the next false evaluation returns to <see cref="Ok"/>.</summary>
    Resolved,
}
