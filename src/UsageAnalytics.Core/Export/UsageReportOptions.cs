using UsageAnalytics.Alerts;
using UsageAnalytics.Budgets;
using UsageAnalytics.Pricing;

namespace UsageAnalytics.Export;

/// <summary>What <see cref="UsageReport"/> puts in the HTML report beside the summary, and how much of it.</summary>
/// <remarks>Every section is optional except the summary's own: budgets, alerts and the reconciliation appear only when
/// given here (estimated-vs-actual also appears when the summary has actualized rows).</remarks>
public sealed record UsageReportOptions
{
    /// <summary>The default <see cref="Title"/>: <c>LLM usage report</c>.</summary>
    public const string DefaultTitle = "LLM usage report";

    /// <summary>Gets the report title (the page's <c>&lt;title&gt;</c> and heading), HTML-escaped when written.
    /// Default <see cref="DefaultTitle"/>; must not be <see langword="null"/>.</summary>
    public string Title { get; init; } = DefaultTitle;

    /// <summary>Gets the budget statuses to show as a table (spend, limit, percent used, projected, runs out, on
    /// track), in each policy's own currency; <see langword="null"/> (the default) leaves the section out.</summary>
    public BudgetReport? Budgets { get; init; }

    /// <summary>Gets the alert evaluation to show as a table (rule, severity, status, condition, observed values);
    /// <see langword="null"/> (the default) leaves the section out.</summary>
    public AlertEvaluation? Alerts { get; init; }

    /// <summary>Gets the estimated-vs-actual reconciliation to show (overall and per model, in its own currency);
    /// <see langword="null"/> (the default) shows the summary's own estimated-vs-actual figures of the actualized rows
    /// when there are any.</summary>
    public ReconciliationReport? Reconciliation { get; init; }

    /// <summary>Gets the most rows a table shows; the rest are summarised in one last row ("N more models totalling X").
    /// Default 20; at least 1.</summary>
    public int MaxTableRows { get; init; } = 20;

    /// <summary>Gets the number of users in the top-users table (by effective cost); the rest are summarised in one
    /// row. Default 10; at least 1.</summary>
    public int TopUserCount { get; init; } = 10;

    /// <summary>Gets the instant the report states it was generated, shown in the summary's time zone;
    /// <see langword="null"/> (the default) uses <see cref="Analytics.UsageSummary.AsOf"/> (the report never reads the
    /// clock).</summary>
    public DateTimeOffset? GeneratedAt { get; init; }
}
