using System.Globalization;
using System.Text;
using UsageAnalytics.Analytics;

namespace UsageAnalytics.Alerts.Internal;

/// <summary>The one place that maps metric and operator names to text and back, and prints normalized conditions.</summary>
internal static class AlertText
{
    private static readonly string[] MetricNames =
    [
        "spend", "daily_spend", "requests", "errors", "error_rate", "tokens", "input_tokens", "output_tokens",
        "p50_latency_ms", "p95_latency_ms", "p99_latency_ms", "p50_ttft_ms", "p95_ttft_ms", "p99_ttft_ms",
        "cache_hit_rate", "actual_cost_coverage", "budget_percent_used",
    ];

    private static readonly string[] OperatorNames = [">", ">=", "<", "<=", "==", "!="];

    public static string MetricName(AlertMetric metric) => MetricNames[(int)metric];

    public static string OperatorName(AlertOperator op) => OperatorNames[(int)op];

    public static bool TryMetric(string word, out AlertMetric metric)
    {
        for (var i = 0; i < MetricNames.Length; i++)
        {
            if (string.Equals(MetricNames[i], word, StringComparison.OrdinalIgnoreCase))
            {
                metric = (AlertMetric)i;
                return true;
            }
        }

        metric = default;
        return false;
    }

    public static string Window(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerDay == 0 ? ((long)window.TotalDays).ToString(CultureInfo.InvariantCulture) + "d"
        : window.Ticks % TimeSpan.TicksPerHour == 0 ? ((long)window.TotalHours).ToString(CultureInfo.InvariantCulture) + "h"
        : ((long)window.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m";

    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public static string Scope(IReadOnlyList<KeyValuePair<UsageDimension, string>> filters, string? budget)
    {
        var builder = new StringBuilder();
        foreach (var filter in filters)
        {
            Append(builder, filter.Key.Name, filter.Value);
        }

        if (budget is not null)
        {
            Append(builder, "budget", budget);
        }

        return builder.ToString();

        static void Append(StringBuilder builder, string name, string value)
        {
            if (builder.Length > 0)
            {
                builder.Append(" and ");
            }

            builder.Append(name).Append('=').Append(Quote(value));
        }
    }

    public static string Comparison(AlertComparison comparison) =>
        Comparison(comparison.Metric, comparison.Operator, comparison.Threshold, comparison.Window);

    public static string Node(AlertNode node)
    {
        switch (node.Kind)
        {
            case AlertNodeKind.Comparison:
                return Comparison(node.Metric, node.Operator, node.Threshold, node.Window);
            case AlertNodeKind.Scope:
                return node.ScopeName + "=" + Quote(node.ScopeValue);
            default:
                var builder = new StringBuilder();
                foreach (var child in node.Children)
                {
                    if (builder.Length > 0)
                    {
                        builder.Append(node.Kind == AlertNodeKind.Or ? " or " : " and ");
                    }

                    var text = Node(child);
                    builder.Append(node.Kind == AlertNodeKind.And && child.Kind == AlertNodeKind.Or ? "(" + text + ")" : text);
                }

                return builder.ToString();
        }
    }

    private static string Comparison(AlertMetric metric, AlertOperator op, double threshold, TimeSpan window)
    {
        var text = MetricName(metric) + " " + OperatorName(op) + " " + threshold.ToString("R", CultureInfo.InvariantCulture);
        return metric is AlertMetric.DailySpend or AlertMetric.BudgetPercentUsed ? text : text + " over " + Window(window);
    }
}
