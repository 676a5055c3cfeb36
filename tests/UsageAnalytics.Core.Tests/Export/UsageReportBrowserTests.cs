using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using UsageAnalytics.Analytics;
using UsageAnalytics.Budgets;
using UsageAnalytics.Records;
using UsageAnalytics.TestSupport;
using Xunit.Abstractions;
using static UsageAnalytics.Export.UsageReportFixtures;

namespace UsageAnalytics.Export;

/// <summary>
/// Renders a realistic report and opens it in a real headless Chromium: a screenshot for people (desktop and phone
/// widths, saved under <c>artifacts/</c>), and a DOM check for the test: the report has no script, so the test appends
/// one to a copy that measures the laid-out page and writes the result into the DOM that <c>--dump-dom</c> prints.
/// </summary>
/// <remarks>Headless Chromium will not make a window narrower than 500 px, so a width is tested by loading the report
/// into an <c>iframe</c> of exactly that width (its own viewport: media queries and <c>innerWidth</c> follow it). A
/// <c>srcdoc</c> frame shares its parent's origin, so the script in the report writes its result into the parent page,
/// whose DOM <c>--dump-dom</c> prints.</remarks>
public sealed class UsageReportBrowserTests
{
    private const int Days = 30;
    private const string LongModel = "bedrock/eu.anthropic.claude-3-5-sonnet-20241022-v2:0-with-a-very-long-provisioned-throughput-deployment-name-without-spaces";
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(60);

    // Measures layout after the page is laid out and writes JSON into <pre id="layout-check">. An element "overflows"
    // when its right edge passes the viewport, unless it sits inside an overflow-x:auto/scroll box (which scrolls it).
    private const string LayoutScript = """
        <script>
        (function () {
          var vw = document.documentElement.clientWidth;
          function scrolls(el) {
            for (var p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
              var ox = getComputedStyle(p).overflowX;
              if (ox === 'auto' || ox === 'scroll') { return true; }
            }
            return false;
          }
          var overflowing = [];
          var all = document.body.getElementsByTagName('*');
          for (var i = 0; i < all.length; i++) {
            var el = all[i];
            if (scrolls(el)) { continue; }
            var r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) { continue; }
            if (r.right > vw + 0.5 || r.left < -0.5) {
              overflowing.push(el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || '') + ' right=' + Math.round(r.right));
            }
          }
          var bars = document.querySelectorAll('rect.bar');
          var visible = 0;
          for (var b = 0; b < bars.length; b++) { if (bars[b].getBoundingClientRect().height > 0) { visible++; } }
          var tiles = {};
          var tileNodes = document.querySelectorAll('[data-tile]');
          for (var t = 0; t < tileNodes.length; t++) { tiles[tileNodes[t].getAttribute('data-tile')] = tileNodes[t].querySelector('.value').textContent; }
          var result = { viewportWidth: vw, innerWidth: window.innerWidth, documentWidth: document.documentElement.scrollWidth,
            overflowing: overflowing, bars: bars.length, visibleBars: visible, tiles: tiles };
          var host = window.parent.document;
          var pre = host.createElement('pre');
          pre.id = 'layout-check';
          pre.textContent = JSON.stringify(result);
          host.body.appendChild(pre);
        })();
        </script>
        """;

    private readonly ITestOutputHelper _output;

    public UsageReportBrowserTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [ChromiumFact]
    public async Task Chromium_RealisticReport_TilesBarsAndNoOverflowAtPhoneAndDesktopWidths()
    {
        var rows = RealisticRows();
        var summary = Summarise(rows);
        var budgets = BudgetTracker.Evaluate(rows, [new BudgetPolicy { Name = "monthly", Limit = 400m }, new BudgetPolicy { Name = "team-research", Limit = 50m, Scope = BudgetScope.For(UsageDimension.Team, "research") }], Now);
        var html = UsageReport.Render(summary, new UsageReportOptions { Title = "ACME LLM usage, March 2026", Budgets = budgets });
        var expectedTiles = new Dictionary<string, string>
        {
            ["spend"] = rows.Sum(r => r.EffectiveCost).ToString("#,0.00", CultureInfo.InvariantCulture) + " USD",
            ["requests"] = rows.Length.ToString("#,0", CultureInfo.InvariantCulture),
            ["error-rate"] = (100.0 * rows.Count(r => !r.IsSuccess) / rows.Length).ToString("0.0", CultureInfo.InvariantCulture) + "%",
            ["coverage"] = (100.0 * rows.Count(r => r.IsActualized) / rows.Length).ToString("0.0", CultureInfo.InvariantCulture) + "%",
            ["p95-latency"] = summary.Totals.LatencyMs!.P95!.Value.ToString("#,0", CultureInfo.InvariantCulture) + " ms",
        };
        var work = Directory.CreateTempSubdirectory("usage-report-browser-");
        try
        {
            var reportPath = Path.Combine(work.FullName, "usage-report.html");
            await File.WriteAllTextAsync(reportPath, html, new UTF8Encoding(false));
            var withScript = html.Replace("</body>", LayoutScript + "\n</body>", StringComparison.Ordinal);

            foreach (var width in new[] { 390, 1280 })
            {
                var check = await LayoutCheckAsync(work.FullName, withScript, width);

                Assert.Equal(width, check.GetProperty("innerWidth").GetInt32());
                Assert.True(check.GetProperty("documentWidth").GetInt32() <= check.GetProperty("viewportWidth").GetInt32(), $"page wider than the viewport at {width} px: {check}");
                Assert.Empty(check.GetProperty("overflowing").EnumerateArray().Select(e => e.GetString()));
                Assert.Equal(Days, check.GetProperty("bars").GetInt32());
                Assert.Equal(Days, check.GetProperty("visibleBars").GetInt32());
                foreach (var (tile, expected) in expectedTiles)
                {
                    Assert.Equal(expected, check.GetProperty("tiles").GetProperty(tile).GetString());
                }
            }

            var artifacts = Path.Combine(RepositoryRoot(), "artifacts");
            Directory.CreateDirectory(artifacts);
            var phonePath = Path.Combine(work.FullName, "usage-report-phone.html");
            await File.WriteAllTextAsync(phonePath, Frame(html, 390, 2000), new UTF8Encoding(false));
            foreach (var (name, windowWidth, page) in new[] { ("usage-report.png", 1280, reportPath), ("usage-report-phone.png", 500, phonePath) })
            {
                var shot = Path.Combine(work.FullName, name);

                await HeadlessChromium.RunAsync(["--window-size=" + windowWidth.ToString(CultureInfo.InvariantCulture) + ",2000", "--hide-scrollbars", "--screenshot=" + shot, new Uri(page).AbsoluteUri], _timeout);

                var size = new FileInfo(shot).Length;
                Assert.True(size > 10 * 1024, $"{shot} is only {size} bytes");
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(shot).Take(4));
                var png = Path.Combine(artifacts, name);
                Publish(shot, png);
                Assert.True(new FileInfo(png).Length > 10 * 1024, $"{png} is missing or small");
                _output.WriteLine($"Screenshot ({(page == phonePath ? "390 px frame in a 500 px window" : "1280 px window")}): {png} ({size} bytes)");
            }

            Publish(reportPath, Path.Combine(artifacts, "usage-report.html"));
            _output.WriteLine("Report: " + Path.Combine(artifacts, "usage-report.html"));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<JsonElement> LayoutCheckAsync(string folder, string page, int width)
    {
        var checkPath = Path.Combine(folder, "usage-report-check-" + width.ToString(CultureInfo.InvariantCulture) + ".html");
        await File.WriteAllTextAsync(checkPath, Frame(page, width, 6000), new UTF8Encoding(false)); // tall: no vertical scrollbar in the frame
        var windowWidth = Math.Max(500, width + 40);
        var dom = await HeadlessChromium.RunAsync(["--window-size=" + windowWidth.ToString(CultureInfo.InvariantCulture) + ",2000", "--dump-dom", new Uri(checkPath).AbsoluteUri], _timeout);
        var match = Regex.Match(dom, "<pre id=\"layout-check\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(match.Success, "the layout script left no result; the DOM starts: " + dom[..Math.Min(dom.Length, 400)]);
        var json = WebUtility.HtmlDecode(match.Groups[1].Value);
        _output.WriteLine($"Layout at {width} px: {json}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    // The net8.0 and net10.0 test runs execute in parallel: copy beside the target, then rename over it (atomic), so
    // the artifact is always one whole file.
    private static void Publish(string source, string target)
    {
        var staging = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.Copy(source, staging);
        File.Move(staging, target, overwrite: true);
    }

    /// <summary>A page holding <paramref name="page"/> in a borderless srcdoc frame of the given size (a phone's viewport).</summary>
    private static string Frame(string page, int width, int height) =>
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>frame</title></head><body style=\"margin:0;background:#d0d4da\">"
        + "<iframe style=\"border:0;display:block;background:#fff\" width=\"" + width.ToString(CultureInfo.InvariantCulture) + "\" height=\""
        + height.ToString(CultureInfo.InvariantCulture) + "\" srcdoc=\"" + WebUtility.HtmlEncode(page) + "\"></iframe></body></html>";

    /// <summary>30 days up to <see cref="Now"/>: 9 models (one with a very long name), 3 teams, 14 users; deterministic.</summary>
    private static UsageRecord[] RealisticRows()
    {
        string[] models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "claude-haiku-3-5", "gemini-2.5-pro", "o3", "text-embedding-3-large", "whisper-1", LongModel];
        string[] teams = ["research", "support", "platform"];
        var rows = new List<UsageRecord>();
        var first = new DateTimeOffset(Now.Year, Now.Month, Now.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1 - Days);
        for (var day = 0; day < Days; day++)
        {
            var perDay = 6 + (day * 7 % 11);
            for (var i = 0; i < perDay; i++)
            {
                var n = (day * 31) + i;
                var at = first.AddDays(day).AddMinutes(30 + (i * 37 % 600));
                var estimated = 0.0125m * (1 + (n % 13)) * (1 + (day % 5));
                rows.Add(Row("req-" + n.ToString(CultureInfo.InvariantCulture), at, models[n % models.Length], teams[n % teams.Length], "user-" + (n % 14).ToString("D2", CultureInfo.InvariantCulture), estimated, n % 3 == 0 ? estimated * 1.05m : null) with
                {
                    Status = n % 17 == 0 ? "failure" : "success",
                    LatencyMs = 300 + (n * 53 % 2500),
                });
            }
        }

        return [.. rows];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UsageAnalytics.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("UsageAnalytics.sln not found above " + AppContext.BaseDirectory);
    }
}
