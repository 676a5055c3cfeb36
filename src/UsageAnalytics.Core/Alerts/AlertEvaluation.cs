namespace UsageAnalytics.Alerts;

/// <summary>The outcome of <see cref="AlertEvaluator.Evaluate"/>.</summary>
public sealed record AlertEvaluation
{
    /// <summary>Gets the evaluation instant.</summary>
    public DateTimeOffset AsOf { get; init; }

    /// <summary>Gets the transitions of this evaluation (fired or resolved), in rule order; empty when nothing changed.</summary>
    public IReadOnlyList<AlertEvent> Events { get; init; } = [];

    /// <summary>Gets every rule's result, in rule order.</summary>
    public IReadOnlyList<AlertRuleResult> Results { get; init; } = [];
}
