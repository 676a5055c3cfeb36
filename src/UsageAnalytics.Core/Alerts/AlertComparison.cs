using UsageAnalytics.Alerts.Internal;
using UsageAnalytics.Analytics;

namespace UsageAnalytics.Alerts;

/// <summary>One <c>metric op number [over window]</c> comparison of an alert condition, with the scope that applies to it.</summary>
public sealed class AlertComparison
{
    internal AlertComparison(AlertMetric metric, AlertOperator op, double threshold, TimeSpan window, IReadOnlyList<KeyValuePair<UsageDimension, string>> filters, string? budget)
    {
        Metric = metric;
        Operator = op;
        Threshold = threshold;
        Window = window;
        Filters = filters;
        Budget = budget;
        Scope = AlertText.Scope(filters, budget);
        ScopeKey = AlertText.Scope(filters, null);
    }

    /// <summary>Gets the metric compared.</summary>
    public AlertMetric Metric { get; }

    /// <summary>Gets the operator.</summary>
    public AlertOperator Operator { get; }

    /// <summary>Gets the threshold, in the metric's unit (USD, count, ratio 0–1, ms or percent).</summary>
    public double Threshold { get; }

    /// <summary>Gets the window the metric covers (default 1 hour; 1 day for <see cref="AlertMetric.DailySpend"/>, which is since local midnight).</summary>
    public TimeSpan Window { get; }

    /// <summary>Gets the scope text, for example <c>model="gpt-4o" and team="search"</c>; empty when the comparison covers every row.</summary>
    public string Scope { get; }

    /// <summary>Gets the budget named by a <c>budget = "name"</c> scope, or null (then the highest percent of all budgets is read).</summary>
    public string? Budget { get; }

    internal IReadOnlyList<KeyValuePair<UsageDimension, string>> Filters { get; }

    internal string ScopeKey { get; }

    /// <summary>Returns the normalized text of the comparison, without its scope.</summary>
    /// <returns>For example <c>p95_latency_ms &gt;= 3000 over 5m</c>.</returns>
    public override string ToString() => AlertText.Comparison(this);
}
