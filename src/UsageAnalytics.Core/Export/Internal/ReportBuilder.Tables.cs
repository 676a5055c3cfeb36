using UsageAnalytics.Analytics;

namespace UsageAnalytics.Export.Internal;

/// <summary>The group tables: cost by a dimension (with a share bar) and latency percentiles by model, each capped with
/// one "N more … totalling X" row.</summary>
internal sealed partial class ReportBuilder
{
    private void CostTable(string id, string title, UsageDimension dimension, string noun, string nouns, int maxRows)
    {
        SectionStart(id, title);
        var groups = _summary.GroupsOf(dimension);
        if (groups.Count == 0)
        {
            NoGroups(dimension, nouns);
            return;
        }

        var total = _summary.Totals.EffectiveCost;
        var largest = groups[0].Figures.EffectiveCost; // groups come sorted by cost, largest first
        _out.Append("<div class=\"scroll\">\n<table>\n<thead><tr><th>").Append(Capitalised(noun))
            .Append("</th><th class=\"barcell\">Cost bar</th><th class=\"num\">Cost</th><th class=\"num\">Share</th><th class=\"num\">Requests</th></tr></thead>\n<tbody>\n");
        var shown = Math.Min(maxRows, groups.Count);
        for (var i = 0; i < shown; i++)
        {
            var figures = groups[i].Figures;
            var share = total > 0 ? (double)(figures.EffectiveCost / total) : (double?)null;
            var bar = largest > 0 ? (double)(figures.EffectiveCost / largest) * 100 : 0;
            _out.Append("<tr><td class=\"label\">").AppendEscaped(groups[i].Label).Append("</td><td class=\"barcell\"><span class=\"hbar\" style=\"width:")
                .Append(ReportFormat.Svg(Math.Clamp(bar, 0, 100))).Append("%\"></span></td><td class=\"num\">")
                .Append(ReportFormat.Money(figures.EffectiveCost, Currency)).Append("</td><td class=\"num\">").Append(ReportFormat.Percent(share))
                .Append("</td><td class=\"num\">").Append(ReportFormat.Count(figures.Requests)).Append("</td></tr>\n");
        }

        if (groups.Count > shown)
        {
            var restCost = 0m;
            var restRequests = 0L;
            for (var i = shown; i < groups.Count; i++)
            {
                restCost += groups[i].Figures.EffectiveCost;
                restRequests += groups[i].Figures.Requests;
            }

            var restShare = total > 0 ? (double)(restCost / total) : (double?)null;
            _out.Append("<tr class=\"more\"><td class=\"label\" colspan=\"2\">").Append(MoreText(groups.Count - shown, noun, nouns))
                .Append(" totalling ").Append(ReportFormat.Money(restCost, Currency)).Append("</td><td class=\"num\">")
                .Append(ReportFormat.Money(restCost, Currency)).Append("</td><td class=\"num\">").Append(ReportFormat.Percent(restShare))
                .Append("</td><td class=\"num\">").Append(ReportFormat.Count(restRequests)).Append("</td></tr>\n");
        }

        _out.Append("</tbody>\n</table>\n</div>\n<p class=\"meta\">Effective cost; bars are relative to the largest row, shares are of the total spend.</p>\n");
        if (dimension.Equals(UsageDimension.Tag))
        {
            _out.Append("<p class=\"meta\">A row counts under each of its tags, so shares can add up to more than 100%.</p>\n");
        }

        _out.Append("</section>\n");
    }

    private void LatencyTable()
    {
        SectionStart("latency-by-model", "Latency by model (successful calls)");
        var groups = _summary.GroupsOf(UsageDimension.Model);
        if (groups.Count == 0)
        {
            NoGroups(UsageDimension.Model, "models");
            return;
        }

        _out.Append("<div class=\"scroll\">\n<table>\n<thead><tr><th>Model</th><th class=\"num\">Calls measured</th><th class=\"num\">p50</th>")
            .Append("<th class=\"num\">p95</th><th class=\"num\">p99</th></tr></thead>\n<tbody>\n");
        var shown = Math.Min(_options.MaxTableRows, groups.Count);
        for (var i = 0; i < shown; i++)
        {
            var latency = groups[i].Figures.LatencyMs;
            _out.Append("<tr><td class=\"label\">").AppendEscaped(groups[i].Label).Append("</td><td class=\"num\">")
                .Append(latency is null ? "0" : ReportFormat.Count(latency.Count)).Append("</td><td class=\"num\">")
                .Append(ReportFormat.Milliseconds(latency?.P50)).Append("</td><td class=\"num\">").Append(ReportFormat.Milliseconds(latency?.P95))
                .Append("</td><td class=\"num\">").Append(ReportFormat.Milliseconds(latency?.P99)).Append("</td></tr>\n");
        }

        if (groups.Count > shown)
        {
            var restCalls = 0L;
            for (var i = shown; i < groups.Count; i++)
            {
                restCalls += groups[i].Figures.LatencyMs?.Count ?? 0;
            }

            // Percentiles of different models cannot be combined from their summaries, so the row gives only the count.
            _out.Append("<tr class=\"more\"><td class=\"label\">").Append(MoreText(groups.Count - shown, "model", "models"))
                .Append(" (by cost)</td><td class=\"num\">").Append(ReportFormat.Count(restCalls))
                .Append("</td><td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td></tr>\n");
        }

        _out.Append("</tbody>\n</table>\n</div>\n<p class=\"meta\">Milliseconds, end to end; percentiles from a quantile sketch (relative error set by the accumulator, 1% by default).</p>\n</section>\n");
    }

    private void NoGroups(UsageDimension dimension, string nouns)
    {
        Empty(_summary.Groups.ContainsKey(dimension)
            ? "No data: no rows in the period."
            : "Not available: the summary is not grouped by " + nouns[..^1] + " (add UsageDimension." + Capitalised(dimension.Name) + " to GroupBy).");
        _out.Append("</section>\n");
    }

    private static string MoreText(int count, string noun, string nouns) =>
        ReportFormat.Count(count) + " more " + (count == 1 ? noun : nouns);

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
