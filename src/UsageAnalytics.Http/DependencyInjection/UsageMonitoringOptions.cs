using System.Globalization;

namespace UsageAnalytics.DependencyInjection;

/// <summary>
/// Options of the live usage monitor (<see cref="Monitoring.UsageMonitor"/>), bound from the
/// <c>UsageAnalytics:Monitoring</c> configuration section by
/// <see cref="UsageAnalyticsServiceCollectionExtensions.AddUsageAnalytics(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>
/// and validated when the host starts.
/// </summary>
/// <remarks>
/// Text settings (time zones, scopes, periods, conditions, severities) are kept as text here and parsed by the
/// validator, so a bad entry fails on start with a message naming it, for example
/// <c>UsageAnalytics:Monitoring:Budgets[2] (team-search): Limit must be greater than 0</c>. The registered monitor is built
/// from these options by mapping each entry to Core's <see cref="Budgets.BudgetPolicy"/> and <see cref="Alerts.AlertRule"/>.
/// </remarks>
public sealed class UsageMonitoringOptions
{
    /// <summary>The name of the configuration section the options are bound from: <c>UsageAnalytics:Monitoring</c>.</summary>
    public const string SectionName = UsageAnalyticsOptions.SectionName + ":Monitoring";

    /// <summary>
    /// Gets or sets the time zone (IANA id such as <c>Europe/Berlin</c>, or a Windows id) of the monitor's local minute,
    /// hour and day and of the rules' <c>daily_spend</c>. Default <c>UTC</c>.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Gets or sets the ISO 4217 currency the monitor sums (rows in another currency are counted, not summed). Default <c>USD</c>.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// Gets or sets how often the monitor evaluates budgets and rules and publishes a cost update. Default 10 seconds
    /// (<c>00:00:10</c>); at least 100 ms, or <c>-00:00:00.001</c> (<see cref="Timeout.InfiniteTimeSpan"/>) to turn the timer off.
    /// </summary>
    public TimeSpan CostUpdateInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the default capacity (events) of a subscription's queue; the oldest are dropped past it. Default 1,024; at least 1.</summary>
    public int EventCapacity { get; set; } = 1024;

    /// <summary>Gets or sets how many keys and models the snapshot's top lists hold (by spend this hour). Default 10; 0 to 1,000.</summary>
    public int TopCount { get; set; } = 10;

    /// <summary>Gets or sets how far after the monitor's clock a row may be stamped (clock skew between hosts) before it
    /// is refused and counted in the snapshot's <c>FutureRecords</c>. Default 5 minutes (<c>00:05:00</c>); zero or more.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the budgets to track (section <c>UsageAnalytics:Monitoring:Budgets</c>, an array). Default none. Names must be unique.</summary>
    public IList<UsageBudgetOptions> Budgets { get; } = [];

    /// <summary>Gets the alert rules to evaluate (section <c>UsageAnalytics:Monitoring:Rules</c>, an array). Default none. Names must be unique.</summary>
    public IList<UsageAlertRuleOptions> Rules { get; } = [];

    /// <summary>Describes the options.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"UsageMonitoringOptions {{ TimeZone = {TimeZone}, Currency = {Currency}, CostUpdateInterval = {CostUpdateInterval}, Budgets = {Budgets.Count}, Rules = {Rules.Count} }}");
}
