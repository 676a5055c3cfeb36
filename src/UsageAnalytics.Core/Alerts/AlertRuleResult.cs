namespace UsageAnalytics.Alerts;

/// <summary>One rule as evaluated.</summary>
public sealed record AlertRuleResult
{
    /// <summary>Gets the rule.</summary>
    public required AlertRule Rule { get; init; }

    /// <summary>Gets the rule's status after this evaluation.</summary>
    public AlertStatus Status { get; init; }

    /// <summary>Gets whether the condition held.</summary>
    public bool IsTrue { get; init; }

    /// <summary>Gets the comparisons in condition order with their observed values.</summary>
    public IReadOnlyList<AlertComparisonResult> Comparisons { get; init; } = [];
}
