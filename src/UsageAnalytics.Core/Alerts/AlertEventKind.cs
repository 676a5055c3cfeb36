namespace UsageAnalytics.Alerts;

/// <summary>What an <see cref="AlertEvent"/> reports.</summary>
public enum AlertEventKind
{
    /// <summary>The rule's condition became true.</summary>
    Fired,

    /// <summary>The rule's condition became false after firing.</summary>
    Resolved,
}
