using UsageAnalytics.Analytics;

namespace UsageAnalytics.Export.Internal;

/// <summary>The daily cost chart: one SVG bar per local day that has rows, placed on a day axis (days without rows are
/// gaps), at most the last <see cref="MaxChartDays"/> days.</summary>
internal sealed partial class ReportBuilder
{
    /// <summary>The longest span the chart draws, in days; earlier days are summarised in a note.</summary>
    internal const int MaxChartDays = 400;

    private const double ChartWidth = 800;
    private const double ChartHeight = 260;
    private const double PlotLeft = 96;
    private const double PlotRight = 12;
    private const double PlotTop = 14;
    private const double PlotBottom = 34;

    private void DailyChart()
    {
        SectionStart("daily-cost", "Daily cost");
        var buckets = _summary.TimeSeriesOf(TimeBucketSize.Day);
        if (buckets.Count == 0)
        {
            Empty(_summary.TimeSeries.ContainsKey(TimeBucketSize.Day)
                ? "No data: no rows in the period."
                : "No data: the summary keeps no day buckets (add TimeBucketSize.Day to the accumulator's TimeBuckets).");
            _out.Append("</section>\n");
            return;
        }

        var lastDay = ReportFormat.LocalDate(buckets[^1].Start, Zone);
        var firstDay = ReportFormat.LocalDate(buckets[0].Start, Zone);
        if (lastDay.DayNumber - firstDay.DayNumber + 1 > MaxChartDays)
        {
            firstDay = lastDay.AddDays(1 - MaxChartDays);
        }

        var span = lastDay.DayNumber - firstDay.DayNumber + 1;
        var max = 0m;
        var hiddenDays = 0;
        var hiddenCost = 0m;
        foreach (var bucket in buckets)
        {
            if (ReportFormat.LocalDate(bucket.Start, Zone) < firstDay)
            {
                hiddenDays++;
                hiddenCost += bucket.Figures.EffectiveCost;
            }
            else
            {
                max = Math.Max(max, bucket.Figures.EffectiveCost);
            }
        }

        var plotWidth = ChartWidth - PlotLeft - PlotRight;
        var plotHeight = ChartHeight - PlotTop - PlotBottom;
        var baseline = PlotTop + plotHeight;
        _out.Append("<p class=\"meta\">Effective cost per day in ").AppendEscaped(Zone.Id).Append(", ").Append(Currency)
            .Append(". Hover or long-press a bar for its figures.</p>\n<div class=\"chart-box\">\n")
            .Append("<svg class=\"chart\" viewBox=\"0 0 ").Append(ReportFormat.Svg(ChartWidth)).Append(' ').Append(ReportFormat.Svg(ChartHeight))
            .Append("\" role=\"img\" aria-label=\"Daily cost\" data-days=\"").Append(ReportFormat.Svg(span)).Append("\">\n");
        YAxis(max, plotWidth, plotHeight);

        var slot = plotWidth / span;
        var barWidth = slot >= 3 ? slot * 0.8 : slot;
        foreach (var bucket in buckets)
        {
            var day = ReportFormat.LocalDate(bucket.Start, Zone);
            if (day < firstDay)
            {
                continue;
            }

            var cost = bucket.Figures.EffectiveCost;
            // A net credit (a negative day, possible in a summary read back or built by hand) draws no bar; its title says so.
            var height = max > 0 && cost > 0 ? (double)(cost / max) * plotHeight : 0;
            if (cost > 0 && height < 1)
            {
                height = 1; // a day with spend is never invisible
            }

            var x = PlotLeft + ((day.DayNumber - firstDay.DayNumber) * slot) + ((slot - barWidth) / 2);
            _out.Append("<rect class=\"bar\" x=\"").Append(ReportFormat.Svg(x)).Append("\" y=\"").Append(ReportFormat.Svg(baseline - height))
                .Append("\" width=\"").Append(ReportFormat.Svg(barWidth)).Append("\" height=\"").Append(ReportFormat.Svg(height))
                .Append("\"><title>").Append(ReportFormat.Date(day)).Append(": ").Append(ReportFormat.Money(cost, Currency)).Append(", ")
                .Append(ReportFormat.Count(bucket.Figures.Requests)).Append(" requests</title></rect>\n");
        }

        XAxis(firstDay, lastDay, span, plotWidth, baseline);
        _out.Append("</svg>\n</div>\n");
        if (hiddenDays > 0)
        {
            _out.Append("<p class=\"meta\">Showing the last ").Append(ReportFormat.Count(MaxChartDays)).Append(" days; ")
                .Append(ReportFormat.Count(hiddenDays)).Append(hiddenDays == 1 ? " earlier day" : " earlier days").Append(" with spend totalling ")
                .Append(ReportFormat.Money(hiddenCost, Currency)).Append(" are not drawn.</p>\n");
        }

        _out.Append("</section>\n");
    }

    private void YAxis(decimal max, double plotWidth, double plotHeight)
    {
        // Three gridlines: 0, half and the highest day, labelled with exact amounts rather than rounded "nice" steps.
        for (var i = 0; i <= 2; i++)
        {
            var y = PlotTop + plotHeight - (plotHeight * i / 2);
            var value = max * i / 2;
            _out.Append("<line class=\"").Append(i == 0 ? "axis" : "grid").Append("\" x1=\"").Append(ReportFormat.Svg(PlotLeft))
                .Append("\" x2=\"").Append(ReportFormat.Svg(PlotLeft + plotWidth)).Append("\" y1=\"").Append(ReportFormat.Svg(y))
                .Append("\" y2=\"").Append(ReportFormat.Svg(y)).Append("\"></line>\n<text x=\"").Append(ReportFormat.Svg(PlotLeft - 6))
                .Append("\" y=\"").Append(ReportFormat.Svg(y + 4)).Append("\" text-anchor=\"end\">").Append(ReportFormat.Amount(value))
                .Append("</text>\n");
            if (max == 0)
            {
                break;
            }
        }
    }

    private void XAxis(DateOnly firstDay, DateOnly lastDay, int span, double plotWidth, double baseline)
    {
        var labelY = ReportFormat.Svg(baseline + 20);
        _out.Append("<text x=\"").Append(ReportFormat.Svg(PlotLeft)).Append("\" y=\"").Append(labelY).Append("\" text-anchor=\"start\">")
            .Append(ReportFormat.Date(firstDay)).Append("</text>\n");
        if (span >= 5)
        {
            var middle = firstDay.AddDays(span / 2);
            var x = PlotLeft + ((span / 2) * (plotWidth / span)) + (plotWidth / span / 2);
            _out.Append("<text x=\"").Append(ReportFormat.Svg(x)).Append("\" y=\"").Append(labelY).Append("\" text-anchor=\"middle\">")
                .Append(ReportFormat.Date(middle)).Append("</text>\n");
        }

        if (span > 1)
        {
            _out.Append("<text x=\"").Append(ReportFormat.Svg(PlotLeft + plotWidth)).Append("\" y=\"").Append(labelY).Append("\" text-anchor=\"end\">")
                .Append(ReportFormat.Date(lastDay)).Append("</text>\n");
        }
    }
}
