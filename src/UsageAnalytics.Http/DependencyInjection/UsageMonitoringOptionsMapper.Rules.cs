using UsageAnalytics.Budgets;
using UsageAnalytics.Monitoring;

namespace UsageAnalytics.DependencyInjection;

/// <summary>The rules half of the mapping (waits on the Alerts namespace).</summary>
internal static partial class UsageMonitoringOptionsMapper
{
    private static List<object> MapRules(IList<UsageAlertRuleOptions> rules, List<string> errors)
    {
        _ = rules;
        _ = errors;
        return [];
    }

    private static UsageMonitorOptions WithBudgetsAndRules(UsageMonitorOptions options, List<BudgetPolicy> budgets, List<object> rules)
    {
        _ = budgets;
        _ = rules;
        return options;
    }
}
