using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using UsageAnalytics.Alerts;
using UsageAnalytics.Budgets;
using UsageAnalytics.Monitoring;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>The alert rules and what they say about the sample's rows.</summary>
internal static partial class MonitoringReport
{
    /// <summary>
    /// Writes <c>== budgets ==</c> and <c>== alerts ==</c> for the budgets and rules of the <see cref="UsageMonitor"/>
    /// registered by <c>AddUsageAnalytics</c> (from <c>UsageAnalytics:Monitoring</c> in appsettings.json), evaluated
    /// over <paramref name="records"/> as of <paramref name="now"/>.
    /// </summary>
    /// <param name="recordIntoMonitor">Also record the rows into the monitor, so its GenAI metrics see them (<c>--otel-console</c>).</param>
    /// <returns>The budgets' status and the rules' first evaluation (null without rules), for the HTML report.</returns>
    public static (BudgetReport Budgets, AlertEvaluation? Alerts) Write(TextWriter output, IReadOnlyList<UsageRecord> records, IServiceProvider services, DateTimeOffset now, bool recordIntoMonitor)
    {
        var monitor = services.GetRequiredService<UsageMonitor>();
        var options = monitor.Options;
        var budgets = BudgetTracker.Evaluate(records, options.Budgets, now);
        WriteBudgets(output, budgets);
        var alerts = WriteAlerts(output, records, options.Rules, options.TimeZone, budgets, now);
        if (recordIntoMonitor)
        {
            foreach (var record in records)
            {
                monitor.Record(record);
            }
        }

        return (budgets, alerts);
    }

    /// <summary>Writes the rules, then the events a first evaluation (every rule starting Ok) produces.</summary>
    public static AlertEvaluation? WriteAlerts(
        TextWriter output, IReadOnlyList<UsageRecord> records, IReadOnlyList<AlertRule> rules, TimeZoneInfo zone, BudgetReport budgets, DateTimeOffset now)
    {
        output.WriteLine();
        output.WriteLine("== alerts ==");
        if (rules.Count == 0)
        {
            output.WriteLine("(no rules in UsageAnalytics:Monitoring:Rules)");
            return null;
        }

        var store = new AlertWindowStore(rules, zone);
        store.AddRange(records);
        var evaluation = AlertEvaluator.Evaluate(rules, new AlertRuleState(), store, now, budgets);
        output.WriteLine(Text($"{"rule",-16} {"severity",-9} {"status",-8} condition"));
        foreach (var result in evaluation.Results)
        {
            output.WriteLine(Text($"{Clip(result.Rule.Name, 16),-16} {result.Rule.Severity,-9} {result.Status,-8} {result.Rule.Condition}"));
        }

        output.WriteLine(Text($"events ({evaluation.Events.Count}, evaluated at {now:yyyy-MM-dd HH:mm} UTC over {store.Records} rows, {store.IgnoredRecords} outside every window):"));
        foreach (var alert in evaluation.Events)
        {
            output.WriteLine(Text($"  {alert.Kind.ToString().ToUpperInvariant(),-8} {alert.Severity,-8} {alert.RuleName}: {alert.Message}"));
        }

        return evaluation;
    }
}
