using System.Globalization;
using UsageAnalytics.Alerts.Internal;
using UsageAnalytics.Budgets;

namespace UsageAnalytics.Alerts;

/// <summary>Evaluates alert rules against an <see cref="AlertWindowStore"/> and moves their state.</summary>
public static class AlertEvaluator
{
    /// <summary>Evaluates every rule at <paramref name="now"/>, updates <paramref name="state"/> in place and reports transitions.</summary>
    /// <param name="rules">The rules, evaluated in order.</param>
    /// <param name="state">The rule state; updated in place (Ok → Firing on true; Firing → Resolved on false; Resolved → Ok on false, → Firing on true).</param>
    /// <param name="source">The store the rules were built into.</param>
    /// <param name="now">The evaluation instant; windows end here.</param>
    /// <param name="budgets">The budget report <c>budget_percent_used</c> reads; without it that metric has no data.</param>
    /// <returns>The results and the events (one per transition into Firing or Resolved; none when nothing changed).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rules"/>, <paramref name="state"/> or <paramref name="source"/> is null.</exception>
    public static AlertEvaluation Evaluate(IReadOnlyList<AlertRule> rules, AlertRuleState state, AlertWindowStore source, DateTimeOffset now, BudgetReport? budgets = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(source);
        var results = new List<AlertRuleResult>(rules.Count);
        var events = new List<AlertEvent>();
        foreach (var rule in rules)
        {
            ArgumentNullException.ThrowIfNull(rule);
            var comparisons = new AlertComparisonResult[rule.Condition.Comparisons.Count];
            var outcomes = new bool[comparisons.Length];
            for (var i = 0; i < comparisons.Length; i++)
            {
                comparisons[i] = Compare(rule.Condition.Comparisons[i], source, now, budgets);
                outcomes[i] = comparisons[i].IsTrue;
            }

            var isTrue = rule.Condition.Root.Evaluate(outcomes);
            var before = state.GetStatus(rule.Name);
            var after = (before, isTrue) switch
            {
                (_, true) => AlertStatus.Firing,
                (AlertStatus.Firing, false) => AlertStatus.Resolved,
                _ => AlertStatus.Ok,
            };
            if (after != before || state.GetSince(rule.Name) is null)
            {
                state.Set(rule.Name, after, now);
            }

            if (after != before && after != AlertStatus.Ok)
            {
                events.Add(ToEvent(rule, after == AlertStatus.Firing ? AlertEventKind.Fired : AlertEventKind.Resolved, comparisons, now));
            }

            results.Add(new AlertRuleResult { Rule = rule, Status = after, IsTrue = isTrue, Comparisons = comparisons });
        }

        return new AlertEvaluation { AsOf = now, Events = events, Results = results };
    }

    private static AlertComparisonResult Compare(AlertComparison comparison, AlertWindowStore source, DateTimeOffset now, BudgetReport? budgets)
    {
        double? observed;
        DateTimeOffset start;
        if (comparison.Metric == AlertMetric.BudgetPercentUsed)
        {
            start = now;
            observed = BudgetPercent(comparison.Budget, budgets, ref start);
        }
        else
        {
            observed = AlertMetrics.Observe(comparison.Metric, source.Collect(comparison, now, out start));
        }

        var isTrue = observed is { } value && comparison.Operator switch
        {
            AlertOperator.GreaterThan => value > comparison.Threshold,
            AlertOperator.GreaterThanOrEqual => value >= comparison.Threshold,
            AlertOperator.LessThan => value < comparison.Threshold,
            AlertOperator.LessThanOrEqual => value <= comparison.Threshold,
            AlertOperator.Equal => value == comparison.Threshold,
            _ => value != comparison.Threshold,
        };
        return new AlertComparisonResult { Comparison = comparison, Observed = observed, IsTrue = isTrue, WindowStart = start, WindowEnd = now };
    }

    private static double? BudgetPercent(string? name, BudgetReport? budgets, ref DateTimeOffset start)
    {
        if (budgets is null)
        {
            return null;
        }

        BudgetStatus? chosen = null;
        if (name is not null)
        {
            chosen = budgets.Find(name);
        }
        else
        {
            foreach (var status in budgets.Statuses)
            {
                if (chosen is null || status.PercentUsed > chosen.PercentUsed)
                {
                    chosen = status;
                }
            }
        }

        if (chosen is null)
        {
            return null;
        }

        start = chosen.PeriodStart;
        return (double)chosen.PercentUsed;
    }

    private static AlertEvent ToEvent(AlertRule rule, AlertEventKind kind, AlertComparisonResult[] comparisons, DateTimeOffset now)
    {
        var reported = comparisons[0];
        if (kind == AlertEventKind.Fired)
        {
            foreach (var comparison in comparisons)
            {
                if (comparison.IsTrue)
                {
                    reported = comparison;
                    break;
                }
            }
        }

        var c = reported.Comparison;
        var observed = reported.Observed is { } value ? value.ToString("G6", CultureInfo.InvariantCulture) : "no data";
        var scope = c.Scope.Length == 0 ? string.Empty : " [" + c.Scope + "]";
        var message = string.Create(CultureInfo.InvariantCulture, $"Alert '{rule.Name}' {(kind == AlertEventKind.Fired ? "fired" : "resolved")}: {AlertText.MetricName(c.Metric)} = {observed} (rule {c}){scope}.");
        return new AlertEvent
        {
            RuleName = rule.Name,
            Severity = rule.Severity,
            Kind = kind,
            Scope = c.Scope,
            Metric = c.Metric,
            Observed = reported.Observed,
            Threshold = c.Threshold,
            Operator = c.Operator,
            Window = c.Window,
            WindowStart = reported.WindowStart,
            WindowEnd = reported.WindowEnd,
            At = now,
            Message = message,
        };
    }
}
