using UsageAnalytics.Analytics;

namespace UsageAnalytics.Alerts.Internal;

internal enum AlertNodeKind
{
    Or,
    And,
    Comparison,
    Scope,
}

/// <summary>A node of a parsed condition; immutable once <see cref="AlertParser"/> returns.</summary>
internal sealed class AlertNode
{
    public AlertNode(AlertNodeKind kind, int position)
    {
        Kind = kind;
        Position = position;
    }

    public AlertNodeKind Kind { get; }

    public int Position { get; }

    public List<AlertNode> Children { get; } = [];

    public AlertMetric Metric { get; init; }

    public AlertOperator Operator { get; init; }

    public double Threshold { get; init; }

    public TimeSpan Window { get; init; }

    public int ComparisonIndex { get; set; } = -1;

    public string ScopeName { get; init; } = string.Empty;

    public UsageDimension? Dimension { get; init; }

    public string ScopeValue { get; init; } = string.Empty;

    public bool Evaluate(IReadOnlyList<bool> comparisons)
    {
        switch (Kind)
        {
            case AlertNodeKind.Comparison:
                return comparisons[ComparisonIndex];
            case AlertNodeKind.Scope:
                return true;
            case AlertNodeKind.Or:
                foreach (var child in Children)
                {
                    if (child.Evaluate(comparisons))
                    {
                        return true;
                    }
                }

                return false;
            default:
                foreach (var child in Children)
                {
                    if (!child.Evaluate(comparisons))
                    {
                        return false;
                    }
                }

                return true;
        }
    }
}
