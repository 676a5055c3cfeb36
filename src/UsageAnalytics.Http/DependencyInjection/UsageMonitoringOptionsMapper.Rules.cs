using System.Globalization;
using UsageAnalytics.Alerts;
using UsageAnalytics.Budgets;
using UsageAnalytics.Monitoring;

namespace UsageAnalytics.DependencyInjection;

/// <summary>The rules half of the mapping: each condition parsed by Core's <see cref="AlertCondition"/>.</summary>
internal static partial class UsageMonitoringOptionsMapper
{
    internal static List<AlertRule> MapRules(IList<UsageAlertRuleOptions> rules, List<string> errors)
    {
        var mapped = new List<AlertRule>(rules.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var who = string.Create(CultureInfo.InvariantCulture, $"{Prefix}Rules[{i}] ({rule?.Name ?? "no name"}): ");
            if (rule is null)
            {
                errors.Add(who + "the entry is empty.");
                continue;
            }

            var before = errors.Count;
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                errors.Add(who + "Name is required.");
            }
            else if (!names.Add(rule.Name))
            {
                errors.Add(who + "Name is used by an earlier rule; names must be unique.");
            }

            AlertCondition? condition = null;
            if (string.IsNullOrWhiteSpace(rule.Condition))
            {
                errors.Add(who + "Condition is required (for example: error_rate > 0.05 over 15m).");
            }
            else if (!AlertCondition.TryParse(rule.Condition, out condition, out var parseError))
            {
                errors.Add(who + "condition '" + rule.Condition + "': " + parseError.Message);
            }

            if (!Enum.TryParse<AlertSeverity>(rule.Severity, ignoreCase: true, out var severity)
                || !Enum.IsDefined(severity)
                || int.TryParse(rule.Severity, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                errors.Add(who + "Severity must be Info, Warning or Critical, not '" + rule.Severity + "'.");
            }

            if (errors.Count == before && condition is not null)
            {
                mapped.Add(new AlertRule { Name = rule.Name!, Condition = condition, Severity = severity });
            }
        }

        return mapped;
    }

    private static UsageMonitorOptions WithBudgetsAndRules(UsageMonitorOptions options, List<BudgetPolicy> budgets, List<AlertRule> rules)
    {
        return options with { Budgets = budgets, Rules = rules };
    }
}
