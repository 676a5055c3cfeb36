namespace UsageAnalytics.Alerts;

/// <summary>A named alert condition with a severity.</summary>
public sealed record AlertRule
{
    /// <summary>Gets the rule name; it keys the rule's state in <see cref="AlertRuleState"/> (ordinal).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the condition.</summary>
    public required AlertCondition Condition { get; init; }

    /// <summary>Gets the severity; default <see cref="AlertSeverity.Warning"/>.</summary>
    public AlertSeverity Severity { get; init; } = AlertSeverity.Warning;

    /// <summary>Creates a rule by parsing <paramref name="condition"/>.</summary>
    /// <param name="name">The rule name.</param>
    /// <param name="condition">The condition text (see <see cref="AlertCondition"/>).</param>
    /// <param name="severity">The severity; default <see cref="AlertSeverity.Warning"/>.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="condition"/> is null.</exception>
    /// <exception cref="AlertRuleParseException"><paramref name="condition"/> is not a valid condition.</exception>
    public static AlertRule Create(string name, string condition, AlertSeverity severity = AlertSeverity.Warning)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new AlertRule { Name = name, Condition = AlertCondition.Parse(condition), Severity = severity };
    }
}
