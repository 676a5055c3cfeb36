namespace UsageAnalytics.Alerts;

/// <summary>How urgent an alert rule is.</summary>
public enum AlertSeverity
{
    /// <summary>For information.</summary>
    Info,

    /// <summary>Needs attention (the default).</summary>
    Warning,

    /// <summary>Needs action now.</summary>
    Critical,
}
