using UsageAnalytics.Alerts;
using UsageAnalytics.Analytics;
using UsageAnalytics.Budgets;
using UsageAnalytics.Pricing;

namespace UsageAnalytics.Export.Internal;

/// <summary>The optional sections: budget status, alerts, and estimated against actual cost.</summary>
internal sealed partial class ReportBuilder
{
    private void Budgets()
    {
        if (_options.Budgets is not { } report)
        {
            return;
        }

        SectionStart("budgets", "Budgets");
        if (report.Statuses.Count == 0)
        {
            Empty("No budget policies.");
            _out.Append("</section>\n");
            return;
        }

        _out.Append("<div class=\"scroll\">\n<table>\n<thead><tr><th>Budget</th><th>Scope</th><th class=\"num\">Spend</th><th class=\"num\">Limit</th>")
            .Append("<th class=\"num\">Used</th><th class=\"num\">Projected</th><th>Runs out</th><th>On track</th></tr></thead>\n<tbody>\n");
        var shown = Math.Min(_options.MaxTableRows, report.Statuses.Count);
        for (var i = 0; i < shown; i++)
        {
            var status = report.Statuses[i];
            var currency = HtmlText.Escape(status.Policy.Currency);
            _out.Append("<tr><td class=\"label\">").AppendEscaped(status.Policy.Name).Append("</td><td class=\"label\">")
                .AppendEscaped(status.Policy.Scope.ToString()).Append("</td><td class=\"num\">").Append(ReportFormat.Money(status.Spend, currency))
                .Append("</td><td class=\"num\">").Append(ReportFormat.Money(status.Policy.Limit, currency)).Append("</td><td class=\"num")
                .Append(status.IsExceeded ? " bad" : string.Empty).Append("\">").Append(ReportFormat.PercentValue(status.PercentUsed))
                .Append("</td><td class=\"num\">").Append(ReportFormat.Money(status.ProjectedSpend, currency)).Append("</td><td>")
                .Append(RunsOut(status)).Append("</td><td class=\"").Append(status.IsOnTrack ? "good" : "bad").Append("\">")
                .Append(status.IsOnTrack ? "yes" : "no").Append("</td></tr>\n");
        }

        if (report.Statuses.Count > shown)
        {
            _out.Append("<tr class=\"more\"><td class=\"label\" colspan=\"8\">").Append(MoreText(report.Statuses.Count - shown, "budget", "budgets"))
                .Append(" not shown</td></tr>\n");
        }

        _out.Append("</tbody>\n</table>\n</div>\n<p class=\"meta\">As of ").Append(ReportFormat.DateTime(report.AsOf, Zone))
            .Append("; each budget in its own currency; projected = spend plus the expected spend of the rest of the period.</p>\n</section>\n");
    }

    private string RunsOut(BudgetStatus status)
    {
        if (status.IsExceeded)
        {
            return "exceeded";
        }

        if (status.RunsOutAt is not { } at)
        {
            return "not at the current rate";
        }

        return ReportFormat.DateTime(at, Zone) + (at >= status.PeriodEnd ? " (after the period ends)" : string.Empty);
    }

    private void Alerts()
    {
        if (_options.Alerts is not { } evaluation)
        {
            return;
        }

        SectionStart("alerts", "Alerts");
        if (evaluation.Results.Count == 0)
        {
            Empty("No alert rules.");
            _out.Append("</section>\n");
            return;
        }

        _out.Append("<div class=\"scroll\">\n<table>\n<thead><tr><th>Rule</th><th>Severity</th><th>Status</th><th>Condition</th><th>Observed</th></tr></thead>\n<tbody>\n");
        var shown = Math.Min(_options.MaxTableRows, evaluation.Results.Count);
        for (var i = 0; i < shown; i++)
        {
            var result = evaluation.Results[i];
            _out.Append("<tr><td class=\"label\">").AppendEscaped(result.Rule.Name).Append("</td><td>").Append(SeverityText(result.Rule.Severity))
                .Append("</td><td class=\"").Append(result.Status == AlertStatus.Firing ? "status-firing" : "status").Append("\">")
                .Append(StatusText(result.Status)).Append("</td><td class=\"label\">").AppendEscaped(result.Rule.Condition.Text)
                .Append("</td><td class=\"label\">");
            for (var c = 0; c < result.Comparisons.Count; c++)
            {
                var comparison = result.Comparisons[c];
                _out.Append(c == 0 ? string.Empty : "<br>")
                    .Append(comparison.Observed is { } observed ? ReportFormat.Number(observed) : "no data").Append(" (")
                    .AppendEscaped(comparison.Comparison.ToString()).Append(')');
            }

            _out.Append("</td></tr>\n");
        }

        if (evaluation.Results.Count > shown)
        {
            _out.Append("<tr class=\"more\"><td class=\"label\" colspan=\"5\">").Append(MoreText(evaluation.Results.Count - shown, "rule", "rules"))
                .Append(" not shown</td></tr>\n");
        }

        _out.Append("</tbody>\n</table>\n</div>\n<p class=\"meta\">Evaluated at ").Append(ReportFormat.DateTime(evaluation.AsOf, Zone))
            .Append("; observed values are in each metric's unit, over the rule's window.</p>\n</section>\n");
    }

    private static string SeverityText(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Critical => "critical",
        _ => "unknown",
    };

    private static string StatusText(AlertStatus status) => status switch
    {
        AlertStatus.Ok => "ok",
        AlertStatus.Firing => "firing",
        AlertStatus.Resolved => "resolved",
        _ => "unknown",
    };

    private void EstimatedVersusActual()
    {
        if (_options.Reconciliation is { } reconciliation)
        {
            Reconciliation(reconciliation);
            return;
        }

        if (_summary.Totals.ActualizedCount == 0)
        {
            return;
        }

        SectionStart("estimated-vs-actual", "Estimated vs actual cost");
        _out.Append("<div class=\"scroll\">\n<table>\n<thead><tr><th>Model</th><th class=\"num\">Actualized rows</th><th class=\"num\">Estimated</th>")
            .Append("<th class=\"num\">Actual</th><th class=\"num\">Difference</th></tr></thead>\n<tbody>\n");
        ActualizedRow("All models", _summary.Totals, Currency);
        var shown = 0;
        foreach (var group in _summary.GroupsOf(UsageDimension.Model))
        {
            if (group.Figures.ActualizedCount == 0)
            {
                continue;
            }

            if (shown == _options.MaxTableRows)
            {
                _out.Append("<tr class=\"more\"><td class=\"label\" colspan=\"5\">More models with actual costs are not shown</td></tr>\n");
                break;
            }

            ActualizedRow(group.Label, group.Figures, Currency);
            shown++;
        }

        _out.Append("</tbody>\n</table>\n</div>\n<p class=\"meta\">Only rows with an actual cost: their estimates against what was billed (").Append(Currency)
            .Append("). Estimated-only rows are left out.</p>\n</section>\n");
    }

    private void ActualizedRow(string label, UsageFigures figures, string currency)
    {
        // Effective = actual + the estimates of the estimated-only rows, so the actualized rows' estimate is what remains.
        var estimated = figures.EstimatedCost - (figures.EffectiveCost - figures.ActualCost);
        _out.Append("<tr><td class=\"label\">").AppendEscaped(label).Append("</td><td class=\"num\">").Append(ReportFormat.Count(figures.ActualizedCount))
            .Append("</td><td class=\"num\">").Append(ReportFormat.Money(estimated, currency)).Append("</td><td class=\"num\">")
            .Append(ReportFormat.Money(figures.ActualCost, currency)).Append("</td><td class=\"num\">")
            .Append(ReportFormat.Money(figures.ActualCost - estimated, currency)).Append("</td></tr>\n");
    }

    private void Reconciliation(ReconciliationReport report)
    {
        SectionStart("estimated-vs-actual", "Estimated vs actual cost");
        var currency = HtmlText.Escape(report.Currency);
        _out.Append("<div class=\"scroll\">\n<table>\n<thead><tr><th>Model</th><th class=\"num\">Rows</th><th class=\"num\">Estimated</th><th class=\"num\">Actual</th>")
            .Append("<th class=\"num\">Difference</th><th class=\"num\">Actual / estimated</th><th class=\"num\">Outside tolerance</th></tr></thead>\n<tbody>\n");
        ReconciliationRow("All models", report.Overall, currency);
        var models = report.ByModel.OrderByDescending(pair => pair.Value.Actual).ThenBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        var shown = Math.Min(_options.MaxTableRows, models.Count);
        for (var i = 0; i < shown; i++)
        {
            ReconciliationRow(models[i].Key.Length == 0 ? UsageGroup.NoneLabel : models[i].Key, models[i].Value, currency);
        }

        if (models.Count > shown)
        {
            _out.Append("<tr class=\"more\"><td class=\"label\" colspan=\"7\">").Append(MoreText(models.Count - shown, "model", "models"))
                .Append(" not shown</td></tr>\n");
        }

        _out.Append("</tbody>\n</table>\n</div>\n<p class=\"meta\">Rows in ").Append(currency).Append(" with an actual cost; tolerance ±")
            .Append(ReportFormat.PercentValue(report.Tolerance * 100)).Append(" of the estimate. Not actualized: ")
            .Append(ReportFormat.Count(report.NotActualizedRows)).Append(" rows; other currencies (not summed): ")
            .Append(ReportFormat.Count(report.OtherCurrencyRows)).Append(" rows.</p>\n</section>\n");
    }

    private void ReconciliationRow(string label, ReconciliationFigures figures, string currency)
    {
        _out.Append("<tr><td class=\"label\">").AppendEscaped(label).Append("</td><td class=\"num\">").Append(ReportFormat.Count(figures.Rows))
            .Append("</td><td class=\"num\">").Append(ReportFormat.Money(figures.Estimated, currency)).Append("</td><td class=\"num\">")
            .Append(ReportFormat.Money(figures.Actual, currency)).Append("</td><td class=\"num\">").Append(ReportFormat.Money(figures.Difference, currency))
            .Append("</td><td class=\"num\">").Append(figures.Ratio is { } ratio ? ReportFormat.Number((double)ratio) : "n/a")
            .Append("</td><td class=\"num\">").Append(ReportFormat.Count(figures.OutsideToleranceRows)).Append("</td></tr>\n");
    }
}
