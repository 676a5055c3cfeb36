namespace UsageAnalytics.DependencyInjection;

/// <summary>
/// One alert rule of <see cref="UsageMonitoringOptions.Rules"/> as configuration holds it (an element of
/// <c>UsageAnalytics:Monitoring:Rules</c>); mapped to Core's <see cref="Alerts.AlertRule"/>.
/// </summary>
public sealed class UsageAlertRuleOptions
{
    /// <summary>Gets or sets the unique name of the rule (ordinal). Required.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Gets or sets the condition in the rule language of <see cref="Alerts.AlertCondition.Parse(string)"/>, for example
    /// <c>p95_latency_ms &gt; 2000 over 15m and model = "gpt-4o"</c>. Required.
    /// </summary>
    public string? Condition { get; set; }

    /// <summary>Gets or sets the severity: <c>Info</c>, <c>Warning</c> (the default) or <c>Critical</c>, ignoring case.</summary>
    public string Severity { get; set; } = "Warning";
}
