using System.Globalization;
using UsageAnalytics.Budgets;

namespace UsageAnalytics.Sample;

/// <summary>Prints the budgets and alert rules configured in <c>UsageAnalytics:Monitoring</c> against the sample's rows.</summary>
internal static partial class MonitoringReport
{
    /// <summary>Writes the <c>== budgets ==</c> table: one line per budget with its spend in the current period.</summary>
    public static void WriteBudgets(TextWriter output, BudgetReport report)
    {
        output.WriteLine();
        output.WriteLine("== budgets ==");
        if (report.Statuses.Count == 0)
        {
            output.WriteLine("(no budgets in UsageAnalytics:Monitoring:Budgets)");
            return;
        }

        output.WriteLine(Text($"{"budget",-18} {"scope",-18} {"period",-11} {"spend",10} {"limit",10} {"used",7} {"projected",10}  {"runs out (method)",-32} on track"));
        foreach (var status in report.Statuses)
        {
            var policy = status.Policy;
            output.WriteLine(Text(
                $"{Clip(policy.Name, 18),-18} {Clip(policy.Scope.ToString(), 18),-18} {policy.Period,-11} {Money(status.Spend),10} {Money(policy.Limit),10} {status.PercentUsed.ToString("0.0", CultureInfo.InvariantCulture) + "%",7} {Money(status.ProjectedSpend),10}  {Runway(status),-32} {(status.IsOnTrack ? "yes" : status.IsExceeded ? "NO (exceeded)" : "no")}"));
        }

        output.WriteLine(Text($"(money in each budget's currency, {report.Statuses[0].Policy.Currency} here; spend = actual cost when synced, else the estimate; as of {report.AsOf:yyyy-MM-dd HH:mm} UTC)"));
    }

    /// <summary>The date spend reaches the limit at the current burn, in the budget's zone, and how it was projected.</summary>
    internal static string Runway(BudgetStatus status)
    {
        var method = status.RunwayMethod switch
        {
            BudgetRunwayMethod.WeekdayAware => "weekday-aware",
            BudgetRunwayMethod.PlainRate => "plain rate",
            _ => "no spend",
        };
        if (status.RunsOutAt is not { } at)
        {
            return "never (" + method + ")";
        }

        if (status.IsExceeded)
        {
            return "exceeded (" + method + ")";
        }

        // A run-out after the period's end means the budget resets first: the date is still the runway at this rate.
        var local = TimeZoneInfo.ConvertTime(at, status.Policy.TimeZone);
        var when = local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return at >= status.PeriodEnd ? when + " (" + method + ", after reset)" : when + " (" + method + ")";
    }

    private static string Money(decimal value) => value.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
