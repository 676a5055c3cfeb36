namespace UsageAnalytics.Alerts;

/// <summary>The comparison operator of an alert comparison.</summary>
public enum AlertOperator
{
    /// <summary><c>&gt;</c>.</summary>
    GreaterThan,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterThanOrEqual,

    /// <summary><c>&lt;</c>.</summary>
    LessThan,

    /// <summary><c>&lt;=</c>.</summary>
    LessThanOrEqual,

    /// <summary><c>==</c> (also written <c>=</c>).</summary>
    Equal,

    /// <summary><c>!=</c>.</summary>
    NotEqual,
}
