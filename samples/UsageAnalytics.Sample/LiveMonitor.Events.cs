using System.Globalization;
using UsageAnalytics.Monitoring;

namespace UsageAnalytics.Sample;

/// <summary>One line per monitor event worth showing (a successful call's own event is only counted).</summary>
internal static partial class LiveMonitor
{
    private static string? Describe(UsageMonitorEvent ev, EventCounts counts)
    {
        switch (ev)
        {
            case UsageRecordedEvent:
                return null;
            case UsageErrorEvent error:
                Interlocked.Increment(ref counts.Errors);
                return Text($"event {ev.At:HH:mm:ss} error   {error.Record.Model} {error.Record.ErrorType ?? "failed"} ({error.Record.LatencyMs:0} ms, key {error.Record.KeyAlias ?? "-"})");
            case CostUpdatedEvent cost:
                Interlocked.Increment(ref counts.CostUpdates);
                return Text($"event {ev.At:HH:mm:ss} cost    today {cost.SpendToday:0.000000}, this hour {cost.SpendThisHour:0.000000}, since start {cost.SpendTotal:0.000000} {cost.Currency}");
            case BudgetThresholdCrossedEvent budget:
                Interlocked.Increment(ref counts.Budgets);
                return Text($"event {ev.At:HH:mm:ss} BUDGET  {budget.Status.Policy.Name} crossed {budget.Threshold:0.#}% ({budget.Status.Spend:0.000000} of {budget.Status.Policy.Limit:0.######} {budget.Status.Policy.Currency})");
            case AlertMonitorEvent alert:
                Interlocked.Increment(ref counts.Alerts);
                return Text($"event {ev.At:HH:mm:ss} ALERT   {alert.Alert.Kind.ToString().ToUpperInvariant()} {alert.Alert.Severity} {alert.Alert.RuleName}: {alert.Alert.Message}");
            default:
                return Text($"event {ev.At:HH:mm:ss} {ev.GetType().Name}");
        }
    }
}
