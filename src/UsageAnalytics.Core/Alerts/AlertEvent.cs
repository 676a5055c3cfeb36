namespace UsageAnalytics.Alerts;

/// <summary>A rule changed state: it fired or resolved.</summary>
public sealed record AlertEvent
{
    /// <summary>Gets the rule name.</summary>
    public required string RuleName { get; init; }

    /// <summary>Gets the rule severity.</summary>
    public AlertSeverity Severity { get; init; }

    /// <summary>Gets whether the rule fired or resolved.</summary>
    public AlertEventKind Kind { get; init; }

    /// <summary>Gets the scope text of the reported comparison; empty for every row.</summary>
    public string Scope { get; init; } = string.Empty;

    /// <summary>Gets the metric of the reported comparison (the first true one when fired, else the first).</summary>
    public AlertMetric Metric { get; init; }

    /// <summary>Gets the observed value in the metric's unit, or null when the window had no data.</summary>
    public double? Observed { get; init; }

    /// <summary>Gets the threshold in the metric's unit.</summary>
    public double Threshold { get; init; }

    /// <summary>Gets the comparison operator.</summary>
    public AlertOperator Operator { get; init; }

    /// <summary>Gets the window the rule asked for.</summary>
    public TimeSpan Window { get; init; }

    /// <summary>Gets the start of the window actually evaluated.</summary>
    public DateTimeOffset WindowStart { get; init; }

    /// <summary>Gets the end of the window actually evaluated (the evaluation instant).</summary>
    public DateTimeOffset WindowEnd { get; init; }

    /// <summary>Gets the evaluation instant.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>Gets a human-readable description.</summary>
    public string Message { get; init; } = string.Empty;
}
