using System.Globalization;
using System.Text.RegularExpressions;
using UsageAnalytics.Alerts;
using UsageAnalytics.Analytics;
using UsageAnalytics.Budgets;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;
using static UsageAnalytics.Export.UsageReportFixtures;

namespace UsageAnalytics.Export;

public sealed class UsageReportTests
{
    private const string HostileScript = "<script>alert(1)</script>";
    private const string HostileAttribute = "\"onmouseover=alert(1) x=\"";
    private const string HostileUrl = "Tom & Jerry <img src=https://evil.example/x.png onerror=alert(1)> http://evil.example";

    [Theory]
    [InlineData("spend", "6.00 USD")]
    [InlineData("requests", "5")]
    [InlineData("error-rate", "20.0%")]
    [InlineData("p95-latency", "200 ms")]
    [InlineData("coverage", "40.0%")]
    [InlineData("change", "+100.2%")]
    public void Render_KnownSummary_TileValuesExact(string tile, string expected)
    {
        var html = UsageReport.Render(Known());

        Assert.Equal(expected, TileValue(html, tile));
    }

    [Fact]
    public void Render_KnownSummary_ChangeTileSaysWeekOverWeekAndItsWindow()
    {
        var html = UsageReport.Render(Known());

        Assert.Contains("Spend, week over week</span><span class=\"value\">+100.2%</span><span class=\"note\">2026-03-03 12:00 – 2026-03-10 12:00: 4.00 USD vs 2.00 USD</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DayBucketsOnly_ChangeTileIsNotAvailable()
    {
        var accumulator = new UsageAccumulator(Options() with { TimeBuckets = [TimeBucketSize.Day] });
        accumulator.AddRange(KnownRows());

        var html = UsageReport.Render(accumulator.ToSummary(Now));

        Assert.Equal("n/a", TileValue(html, "change"));
    }

    [Fact]
    public void Render_KnownSummary_ModelTableHasCostShareRequestsAndSmallAmountKeepsDigits()
    {
        var html = UsageReport.Render(Known());

        var models = Section(html, "cost-by-model")!;
        Assert.Contains("<td class=\"label\">gpt-4o</td><td class=\"barcell\"><span class=\"hbar\" style=\"width:100%\"></span></td><td class=\"num\">3.70 USD</td><td class=\"num\">61.6%</td><td class=\"num\">3</td>", models, StringComparison.Ordinal);
        Assert.Contains("<td class=\"label\">claude-sonnet-4</td><td class=\"barcell\"><span class=\"hbar\" style=\"width:62.16%\"></span></td><td class=\"num\">2.30 USD</td><td class=\"num\">38.3%</td>", models, StringComparison.Ordinal); // 2.30 / 3.70 of the largest
        Assert.Contains("<td class=\"label\">tiny-model</td>", models, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">0.0042 USD</td><td class=\"num\">0.1%</td><td class=\"num\">1</td>", models, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_KnownSummary_DailyChartHasOneTitledBarPerDayWithRows()
    {
        var html = UsageReport.Render(Known());

        var chart = Section(html, "daily-cost")!;
        Assert.Equal(3, Count(chart, "<rect class=\"bar\""));
        Assert.Contains("<title>2026-03-10: 2.30 USD, 2 requests</title>", chart, StringComparison.Ordinal);
        Assert.Contains("<title>2026-03-02: 2.00 USD, 1 requests</title>", chart, StringComparison.Ordinal);
        Assert.Contains("data-days=\"9\"", chart, StringComparison.Ordinal); // 03-02 .. 03-10, the gap days stay empty
    }

    [Fact]
    public void Render_HostileStrings_EscapedEverywhereAndNothingActive()
    {
        var rows = new[]
        {
            Row("h1", Now.AddHours(-1), HostileScript, HostileAttribute, HostileUrl, 1m, null),
            Row("h2", Now.AddHours(-1), "safe", HostileScript, HostileScript, 1m, 1m),
        };
        var policy = new BudgetPolicy { Name = HostileScript, Limit = 10m, Currency = "USD", Scope = BudgetScope.For(UsageDimension.Team, HostileAttribute) };
        var rule = AlertRule.Create(HostileUrl, "spend > 0 over 10m");
        var store = new AlertWindowStore([rule]);
        store.AddRange(rows);
        var options = new UsageReportOptions
        {
            Title = HostileUrl + HostileScript,
            Budgets = BudgetTracker.Evaluate(rows, [policy], Now),
            Alerts = AlertEvaluator.Evaluate([rule], new AlertRuleState(), store, Now),
        };

        var html = UsageReport.Render(Summarise(rows), options);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("onmouseover=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<td class=\"label\">&lt;script&gt;alert(1)&lt;&#47;script&gt;</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"label\">&quot;onmouseover&#61;alert(1) x&#61;&quot;</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"label\">Tom &amp; Jerry &lt;img src&#61;https:&#47;&#47;evil.example", html, StringComparison.Ordinal);
        Assert.Contains("<title>Tom &amp; Jerry", html, StringComparison.Ordinal);
        Assert.NotNull(Section(html, "budgets"));
        Assert.NotNull(Section(html, "alerts"));
    }

    [Fact]
    public void Render_AnySummary_SelfContainedWithoutScriptsOrExternalReferences()
    {
        var html = UsageReport.Render(Known());

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("overflow-x:auto", html, StringComparison.Ordinal);
        Assert.Contains("overflow-wrap:anywhere", html, StringComparison.Ordinal);
        Assert.Contains("@media print{", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoRows_ReadableWithNoDataNotes()
    {
        var html = UsageReport.Render(Summarise([]));

        Assert.Equal("0.00 USD", TileValue(html, "spend"));
        Assert.Equal("0", TileValue(html, "requests"));
        Assert.Equal("n/a", TileValue(html, "error-rate"));
        Assert.Equal("n/a", TileValue(html, "p95-latency"));
        Assert.Equal("n/a", TileValue(html, "coverage"));
        Assert.Contains("Period: no rows (UTC)", html, StringComparison.Ordinal);
        Assert.Contains("No data: no rows in the period.", Section(html, "daily-cost")!, StringComparison.Ordinal);
        Assert.Contains("No data: no rows in the period.", Section(html, "cost-by-model")!, StringComparison.Ordinal);
        Assert.Equal(0, Count(html, "<rect class=\"bar\""));
        Assert.Null(Section(html, "estimated-vs-actual"));
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OneRow_OneBarFullHeightAndOneTableRow()
    {
        var html = UsageReport.Render(Summarise([Row("only", Now.AddHours(-1), "m", "t", "u", 0.25m, null)]));

        var chart = Section(html, "daily-cost")!;
        Assert.Equal(1, Count(chart, "<rect class=\"bar\""));
        Assert.Contains("height=\"212\"", chart, StringComparison.Ordinal); // the highest day fills the plot
        Assert.Equal(1, Count(Section(html, "cost-by-model")!, "<tr><td"));
        Assert.Equal("0.25 USD", TileValue(html, "spend"));
    }

    [Fact]
    public void Render_FiveHundredModels_TablesCappedWithOneMoreRow()
    {
        var rows = Enumerable.Range(0, 500)
            .Select(i => Row("m" + i, Now.AddHours(-1), "model-" + i.ToString("D3", CultureInfo.InvariantCulture), "t", "u" + i, 1m + (i * 0.01m), null))
            .ToList();

        var html = UsageReport.Render(Summarise(rows));

        var models = Section(html, "cost-by-model")!;
        Assert.Equal(21, Count(models, "<tr><td") + Count(models, "<tr class=\"more\">"));
        Assert.Equal(1, Count(models, "<tr class=\"more\">"));
        Assert.Contains("<td class=\"label\">model-499</td>", models, StringComparison.Ordinal); // the costliest first
        var restTotal = Enumerable.Range(0, 480).Sum(i => 1m + (i * 0.01m)); // models 0..479 are the cheapest
        Assert.Contains("480 more models totalling " + restTotal.ToString("#,0.00", CultureInfo.InvariantCulture) + " USD", models, StringComparison.Ordinal);
        Assert.Equal(21, Count(Section(html, "latency-by-model")!, "<tr><td") + Count(Section(html, "latency-by-model")!, "<tr class=\"more\">"));
        var users = Section(html, "top-users")!;
        Assert.Equal(10, Count(users, "<tr><td"));
        Assert.Contains("490 more users totalling", users, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_KolkataZone_BucketDateLabelIsTheLocalDay()
    {
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var row = Row("k", new DateTimeOffset(2026, 3, 9, 20, 0, 0, TimeSpan.Zero), "m", "t", "u", 1.5m, null); // 01:30 on 03-10 in IST

        var html = UsageReport.Render(Summarise([row], kolkata));

        Assert.Contains("<title>2026-03-10: 1.50 USD, 1 requests</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-03-09", html, StringComparison.Ordinal);
        Assert.Contains("Period: 2026-03-10 01:30 – 2026-03-10 01:30 (Asia&#47;Kolkata)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_GermanCulture_OutputIdenticalToInvariant()
    {
        var summary = Known();
        var options = new UsageReportOptions { Reconciliation = Reconciler.Reconcile(KnownRows()) };
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        string invariant;
        string german;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            invariant = UsageReport.Render(summary, options);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("de-DE");
            Assert.Equal(",", CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator); // the culture is really comma-decimal
            german = UsageReport.Render(summary, options);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }

        Assert.Equal(invariant, german);
        Assert.Contains("6.00 USD", german, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BudgetsAndAlertsNotGiven_SectionsAbsent()
    {
        var html = UsageReport.Render(Known());

        Assert.Null(Section(html, "budgets"));
        Assert.Null(Section(html, "alerts"));
    }

    [Fact]
    public void Render_BudgetsAndAlertsGiven_TablesShowTheirFigures()
    {
        var rows = KnownRows();
        var policy = new BudgetPolicy { Name = "monthly", Limit = 10m };
        var rule = AlertRule.Create("errors", "error_rate > 0.1 over 24h", AlertSeverity.Critical);
        var store = new AlertWindowStore([rule]);
        store.AddRange(rows);
        var options = new UsageReportOptions
        {
            Budgets = BudgetTracker.Evaluate(rows, [policy], Now),
            Alerts = AlertEvaluator.Evaluate([rule], new AlertRuleState(), store, Now),
        };

        var html = UsageReport.Render(Known(), options);

        var budgets = Section(html, "budgets")!;
        Assert.Contains("<td class=\"label\">monthly</td><td class=\"label\">global</td><td class=\"num\">6.00 USD</td><td class=\"num\">10.00 USD</td><td class=\"num\">60.0%</td>", budgets, StringComparison.Ordinal);
        var alerts = Section(html, "alerts")!;
        Assert.Contains("<td class=\"label\">errors</td><td>critical</td><td class=\"status-firing\">firing</td>", alerts, StringComparison.Ordinal);
        Assert.Contains("<td class=\"label\">0.5 (error_rate &gt; 0.1 over 1d)</td>", alerts, StringComparison.Ordinal); // 1 failure of the 2 rows since 03-09 12:00
    }

    [Fact]
    public void Render_ActualizedRowsWithoutReconciliation_EstimatedVersusActualOfThoseRows()
    {
        var html = UsageReport.Render(Known());

        var section = Section(html, "estimated-vs-actual")!;
        Assert.Contains("<td class=\"label\">All models</td><td class=\"num\">2</td><td class=\"num\">3.00 USD</td><td class=\"num\">3.50 USD</td><td class=\"num\">0.50 USD</td>", section, StringComparison.Ordinal);
        Assert.Contains("<td class=\"label\">gpt-4o</td><td class=\"num\">1</td><td class=\"num\">1.00 USD</td><td class=\"num\">1.20 USD</td><td class=\"num\">0.20 USD</td>", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ReconciliationGiven_ShowsItsOverallAndModels()
    {
        var options = new UsageReportOptions { Reconciliation = Reconciler.Reconcile(KnownRows()) };

        var html = UsageReport.Render(Known(), options);

        var section = Section(html, "estimated-vs-actual")!;
        Assert.Contains("<td class=\"label\">All models</td><td class=\"num\">2</td><td class=\"num\">3.00 USD</td><td class=\"num\">3.50 USD</td><td class=\"num\">0.50 USD</td>", section, StringComparison.Ordinal);
        Assert.Contains("<td class=\"label\">claude-sonnet-4</td><td class=\"num\">1</td><td class=\"num\">2.00 USD</td><td class=\"num\">2.30 USD</td><td class=\"num\">0.30 USD</td><td class=\"num\">1.15</td>", section, StringComparison.Ordinal);
        Assert.Contains("Not actualized: 3 rows", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FourHundredAndOneDays_ChartCappedAtFourHundredWithANote()
    {
        var start = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var rows = Enumerable.Range(0, 401).Select(i => Row("d" + i, start.AddDays(i), "m", "t", "u", 1m, null)).ToList();

        var html = UsageReport.Render(Summarise(rows, now: start.AddDays(401)));

        var chart = Section(html, "daily-cost")!;
        Assert.Equal(400, Count(chart, "<rect class=\"bar\""));
        Assert.Contains("1 earlier day with spend totalling 1.00 USD are not drawn.", chart, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_GeneratedAtGiven_StatedInTheSummaryZone()
    {
        var options = new UsageReportOptions { GeneratedAt = new DateTimeOffset(2026, 3, 11, 8, 15, 0, TimeSpan.FromHours(2)) };

        var html = UsageReport.Render(Known(), options);

        Assert.Contains("generated 2026-03-11 06:15", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_AnySummary_WritesWhatRenderReturns()
    {
        var summary = Known();
        using var writer = new StringWriter(CultureInfo.InvariantCulture);

        await UsageReport.WriteAsync(summary, writer);

        Assert.Equal(UsageReport.Render(summary), writer.ToString());
    }

    [Fact]
    public async Task WriteAsync_CanceledToken_Throws()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => UsageReport.WriteAsync(Known(), writer, null, new CancellationToken(canceled: true)));
        Assert.Equal(string.Empty, writer.ToString());
    }

    [Fact]
    public void Render_BadOptions_ArgumentExceptions()
    {
        var summary = Known();

        Assert.Throws<ArgumentNullException>(() => UsageReport.Render(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => UsageReport.Render(summary, new UsageReportOptions { MaxTableRows = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => UsageReport.Render(summary, new UsageReportOptions { TopUserCount = 0 }));
        Assert.Throws<ArgumentNullException>(() => UsageReport.Render(summary, new UsageReportOptions { Title = null! }));
    }
}
