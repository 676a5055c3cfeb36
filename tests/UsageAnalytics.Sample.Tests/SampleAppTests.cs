using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using UsageAnalytics.LiteLLMEmulator;

namespace UsageAnalytics.Sample;

public sealed partial class SampleAppTests
{
    [Fact]
    public async Task RunAsync_NoConfiguration_SyncsGeneratedRowsThroughTheEmbeddedEmulator()
    {
        var (exit, output, error) = await RunAsync(["--rows", "120"]);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("UsageAnalytics sample (embedded LiteLLM emulator)", output, StringComparison.Ordinal);
        Assert.Matches(@"emulator:   http://127\.0\.0\.1:\d+/ key sk-\*\*\* faults=off", output);
        Assert.DoesNotContain(EmulatorOptions.DefaultApiKey, output, StringComparison.Ordinal);
        var counts = Counts(output);
        Assert.Equal(120, counts.Sum());
        Assert.True(counts[0] > 100, output);
        Assert.Equal(0, counts[3]);
        Assert.Contains("requests:   120 (", output, StringComparison.Ordinal);
        Assert.EndsWith("dashboard: OK" + System.Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoConfiguration_PrintsBudgetsAndAlertsFromAppSettingsBeforeTheVerdict()
    {
        var (exit, output, _) = await RunAsync(["--rows", "150"]);

        Assert.Equal(0, exit);
        var budgets = output.IndexOf("\n== budgets ==\n", StringComparison.Ordinal);
        var alerts = output.IndexOf("\n== alerts ==\n", StringComparison.Ordinal);
        var verdict = output.IndexOf("\ndashboard: OK", StringComparison.Ordinal);
        Assert.True(budgets > 0 && budgets < alerts && alerts < verdict, output);
        // The five demo budgets of appsettings.json, through AddUsageAnalytics and the registered monitor.
        foreach (var (name, scope, period) in new[]
        {
            ("all-monthly", "global", "month"), ("all-daily", "global", "day"), ("search-weekly", "team=team-search", "week"),
            ("voice-weekly", "team=team-voice", "week:sunday"), ("prod-monthly", "tag=env:prod", "month:15"),
        })
        {
            Assert.Matches(@"(?m)^" + Regex.Escape(name) + @"\s+" + Regex.Escape(scope) + @"\s+" + Regex.Escape(period) + @"\s+\d+\.\d{6}\s+\d+\.\d{6}\s+\d+\.\d%", output);
        }

        // The five demo rules with their status, and the events of the first evaluation (a 7-day cache hit rate
        // under 50% always holds on the generated rows: quiet-cache fires).
        foreach (var rule in new[] { "slow-p95", "errors", "claude-spend", "daily-budget", "quiet-cache" })
        {
            Assert.Matches(@"(?m)^" + Regex.Escape(rule) + @"\s+(Info|Warning|Critical)\s+(Ok|Firing)\s+\S", output);
        }

        Assert.Matches(@"(?m)^  FIRED\s+Info\s+quiet-cache: ", output);
    }

    [Fact]
    public async Task RunAsync_NoConfiguration_PrintsEnginePercentilesAndADailySeriesThatAddsUp()
    {
        var (_, output, _) = await RunAsync(["--rows", "200", "--days", "5"]);

        Assert.Matches(@"latency:    p50 \d+ ms, p95 \d+ ms, p99 \d+ ms, mean \d+ ms \(successful calls, \d+\)", output);
        Assert.Matches(@"ttft:       p50 \d+ ms, p95 \d+ ms, mean \d+ ms \(time to first token, successful streamed calls, \d+\)", output);
        Assert.Matches(@"estimate:   [+-]\d+\.\d% vs actual on \d+ actualized rows", output);
        Assert.Contains("latency by model (ms, ok)", output, StringComparison.Ordinal);
        var days = Regex.Matches(output, @"^day \d{4}-\d{2}-\d{2} +(\d+) ", RegexOptions.Multiline);
        Assert.InRange(days.Count, 5, 6);
        Assert.Equal(200, days.Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task RunAsync_SameSeed_PrintsTheSameFigures()
    {
        var (_, first, _) = await RunAsync(["--rows", "80", "--seed", "5"]);
        var (_, second, _) = await RunAsync(["--rows", "80", "--seed", "5"]);

        Assert.Equal(Stable(first), Stable(second));
    }

    [Fact]
    public async Task RunAsync_Faults_AccountsForEveryRowKeepingYoungRowsNotYetAndMalformedFailed()
    {
        var (_, baseline, _) = await RunAsync(["--rows", "150"]);

        var (exit, output, error) = await RunAsync(["--rows", "150", "--faults"]);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("faults=on", output, StringComparison.Ordinal);
        var calm = Counts(baseline);
        var faulty = Counts(output);
        Assert.Equal(150, faulty.Sum());
        // Rows younger than the batch writer's delay stay not-yet in both runs (calm: too young to ask; faulty: asked,
        // not there yet); [null] bodies may add a few. Malformed rows are failures now, so no strict gap is owed.
        Assert.True(faulty[1] >= calm[1], output);
        Assert.Equal(0, calm[3]);
        Assert.True(faulty[3] > 0, output);
        Assert.Contains("MalformedSpendLog", output, StringComparison.Ordinal);
        Assert.True(faulty[0] > 100, output);
        Assert.EndsWith("dashboard: OK" + System.Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ExampleUsageFile_ActualizesEveryRowWithARequestId()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "usage.example.jsonl");

        var (exit, output, _) = await RunAsync(["--usage", file]);

        Assert.Equal(0, exit);
        Assert.Contains("sync: actualized=5 not-yet=0 skipped=1 failed=0", output, StringComparison.Ordinal);
        Assert.Contains("coverage:   actualized 5 (83.3%), estimated-only 1, missing request id 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProxyConfigured_ListsThatProxysSpendLogs()
    {
        var now = TimeProvider.System.GetUtcNow();
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = now, RowCount = 150, Days = 3 });
        await using var proxy = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = generated.SpendLogs, ApiKey = "sk-real-proxy-secret" });
        var environment = Environment(proxy.BaseUrl.ToString(), "sk-real-proxy-secret");

        var (exit, output, error) = await RunAsync(["--from", now.AddDays(-4).ToString("O")], environment);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("UsageAnalytics sample (LiteLLM proxy)", output, StringComparison.Ordinal);
        Assert.Contains($"listed:     {generated.SpendLogs.Count} spend-log rows", output, StringComparison.Ordinal);
        Assert.Contains($"coverage:   actualized {generated.SpendLogs.Count} (100.0%)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-real-proxy-secret", output, StringComparison.Ordinal);
        Assert.EndsWith("dashboard: OK" + System.Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProxyConfiguredWithUsageFile_SyncsAgainstThatProxy()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "usage.example.jsonl");
        await using var proxy = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions
        {
            Rows =
            [
                new SpendLogRow
                {
                    RequestId = "chatcmpl-77d1e0b4-2c6a-4f0e-8b9d-3e2f1a0b9c02",
                    Spend = 0.01383,
                    StartTime = new DateTimeOffset(2026, 8, 6, 9, 16, 40, TimeSpan.Zero),
                    EndTime = new DateTimeOffset(2026, 8, 6, 9, 16, 44, TimeSpan.Zero),
                },
            ],
        });

        var (exit, output, _) = await RunAsync(["--usage", file], Environment(proxy.BaseUrl.ToString(), proxy.ApiKey));

        Assert.Equal(0, exit);
        Assert.Contains("sync: actualized=1 not-yet=4 skipped=1 failed=0", output, StringComparison.Ordinal);
        Assert.Contains("run 1: actualized 1, not yet 4, skipped 1, failed 0", output, StringComparison.Ordinal);
        Assert.Contains("coverage:   actualized 1 (16.7%), estimated-only 5, missing request id 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProxyRejectsTheKey_ReturnsOneWithAOneLineError()
    {
        await using var proxy = await LiteLLMProxyEmulator.StartAsync();

        var (exit, _, error) = await RunAsync([], Environment(proxy.BaseUrl.ToString(), "sk-wrong"));

        Assert.Equal(1, exit);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("401", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProxyWithoutKey_ReturnsTwoNamingTheSetting()
    {
        var (exit, _, error) = await RunAsync([], Environment("https://litellm.example.com", null));

        Assert.Equal(2, exit);
        Assert.StartsWith("error: invalid configuration", error, StringComparison.Ordinal);
        Assert.Contains("ApiKey", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UsageAnalytics:Enabled", "false", "disabled")]
    [InlineData("UsageAnalytics:LiteLLM:SpendLogPath", "/spend/logs", "v1")]
    public async Task RunAsync_ProxyListingImpossibleWithTheseSettings_ReturnsTwo(string key, string value, string expected)
    {
        var environment = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UsageAnalytics:LiteLLM:BaseUrl"] = "http://127.0.0.1:9",
            ["UsageAnalytics:LiteLLM:ApiKey"] = "sk-x",
            [key] = value,
        }).Build();

        var (exit, _, error) = await RunAsync([], environment);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--rows", "lots")]
    [InlineData("--usage", "/nonexistent/usage.jsonl")]
    public async Task RunAsync_BadArgumentsOrFile_ReturnsTwoWithOneLineOnStderr(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task RunAsync_Canceled_ReturnsOneWithOneLine()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        var exit = await SampleApp.RunAsync(["--rows", "10"], Environment(null, null), output, error, TimeProvider.System, canceled.Token);

        Assert.Equal(1, exit);
        Assert.Equal("error: canceled", error.ToString().TrimEnd());
    }

    [Fact]
    public async Task RunAsync_JsonWithGeneratedRows_PrintsOnlyTheJsonWithTheSyncCounts()
    {
        var (exit, output, error) = await RunAsync(["--rows", "60", "--json", "--time-zone", "Europe/Berlin"]);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(60, root.GetProperty("totals").GetProperty("total_requests").GetInt64());
        Assert.Equal("Europe/Berlin", root.GetProperty("time_zone").GetString());
        Assert.Equal("generated", root.GetProperty("input").GetProperty("source").GetString());
        var sync = root.GetProperty("sync");
        Assert.Equal(60, sync.GetProperty("actualized").GetInt32() + sync.GetProperty("not_yet_available").GetInt32()
            + sync.GetProperty("skipped").GetInt32() + sync.GetProperty("failed").GetInt32());
        Assert.Equal(
            root.GetProperty("daily").EnumerateArray().Sum(d => d.GetProperty("requests").GetInt64()),
            root.GetProperty("hourly_pattern").EnumerateArray().Sum(h => h.GetProperty("requests").GetInt64()));
    }

    [Fact]
    public async Task RunAsync_Help_PrintsUsageAndReturnsZero()
    {
        var (exit, output, _) = await RunAsync(["--help"]);

        Assert.Equal(0, exit);
        Assert.Contains("--usage FILE", output, StringComparison.Ordinal);
        Assert.Contains("--spend-logs FILE", output, StringComparison.Ordinal);
        Assert.Contains("--time-zone ID", output, StringComparison.Ordinal);
        Assert.Contains("--now TIMESTAMP", output, StringComparison.Ordinal);
        Assert.Contains("--json", output, StringComparison.Ordinal);
        Assert.Contains("--price-book FILE", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, IConfiguration? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SampleApp.RunAsync(args, environment ?? Environment(null, null), output, error, TimeProvider.System);
        return (exit, output.ToString(), error.ToString());
    }

    private static IConfiguration Environment(string? baseUrl, string? apiKey) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UsageAnalytics:LiteLLM:BaseUrl"] = baseUrl,
            ["UsageAnalytics:LiteLLM:ApiKey"] = apiKey,
        }).Build();

    /// <summary>actualized, not-yet, skipped, failed from the final sync line.</summary>
    private static int[] Counts(string output)
    {
        var sync = SyncLine().Match(output);
        Assert.True(sync.Success, output);
        return Enumerable.Range(1, 4).Select(i => int.Parse(sync.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The output without the lines that name the port or the clock.</summary>
    private static string Stable(string output)
    {
        // The budgets and alerts sections project from the clock (runway dates): left out whole.
        var start = output.IndexOf("\n== budgets ==", StringComparison.Ordinal);
        var end = output.IndexOf("\ndashboard:", StringComparison.Ordinal);
        output = start >= 0 && end > start ? output[..start] + output[end..] : output;
        return string.Join('\n', output.Split('\n').Where(line => !_clockLines.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal))));
    }

    private static readonly string[] _clockLines = ["emulator:", "period:", "as of:", "last hour:", "last 24 h:", "last 7 d:", "peak:", "day "];

    [GeneratedRegex(@"^sync: actualized=(\d+) not-yet=(\d+) skipped=(\d+) failed=(\d+)$", RegexOptions.Multiline)]
    private static partial Regex SyncLine();
}
