using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using UsageAnalytics.LiteLLMEmulator;

namespace UsageAnalytics.Sample;

/// <summary>The sample as a sync tool: exit 1 with the reason when the sync did not really work, and the rows kept.</summary>
public sealed partial class SampleExitCodeTests
{
    private static readonly string _example = Path.Combine(AppContext.BaseDirectory, "usage.example.jsonl");

    [Fact]
    public async Task RunAsync_WrongKeyAgainstAnEmulator_StopsAfterAFewLookupsAndExitsOne()
    {
        using var directory = new TempDirectory();
        var (file, spendLogs) = await UsageFileAsync(directory, rows: 200);
        await using var proxy = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = spendLogs });

        var (exit, output, error) = await RunAsync(["--usage", file], Proxy(proxy.BaseUrl, "sk-wrong-key"));

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith("error: LiteLLM rejected the API key (HTTP 401 Unauthorized: LiteLLM answered HTTP 401", line, StringComparison.Ordinal);
        Assert.EndsWith("; the sync stopped after its first lookups", line, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-wrong-key", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("dashboard: OK", output, StringComparison.Ordinal);
        Assert.EndsWith("dashboard: FAILED (" + line["error: ".Length..] + ")" + Environment.NewLine, output, StringComparison.Ordinal);
        Assert.Matches(@"run 1: actualized 0, not yet \d+, skipped \d+, failed \d+, stopped early", output);

        // At most the three lookups that decide and those in flight when it tripped (8 at once by default), plus a
        // little slack: not one per row.
        Assert.InRange(proxy.RequestCount, 3, 16);
    }

    [Fact]
    public async Task RunAsync_WrongKeyFromTheEnvironmentInEmbeddedMode_ExitsOne()
    {
        var environment = Configuration(new() { ["UsageAnalytics:LiteLLM:ApiKey"] = "sk-not-the-emulators" });

        var (exit, output, error) = await RunAsync(["--rows", "400"], environment);

        Assert.Equal(1, exit);
        Assert.Contains("(from UsageAnalytics__LiteLLM__ApiKey)", output, StringComparison.Ordinal);
        Assert.StartsWith("error: LiteLLM rejected the API key (HTTP 401", Assert.Single(Lines(error)), StringComparison.Ordinal);
        var run = RunLine().Match(output);
        Assert.True(run.Success, output);
        Assert.Equal("0", run.Groups["actualized"].Value);

        // Rows read as the run stopped count as failed without a lookup; how many depends on timing, never zero.
        Assert.True(Count(run, "failed") >= 3, output);
        Assert.Contains(", stopped early", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnreachableProxy_ExitsOneNamingIt()
    {
        var port = ClosedPort();
        var baseUrl = $"http://127.0.0.1:{port}/";

        var (exit, output, error) = await RunAsync(["--usage", _example], Proxy(new Uri(baseUrl), "sk-x"));

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith($"error: the proxy could not be reached at {baseUrl}: every one of the 5 lookups failed (", line, StringComparison.Ordinal);
        Assert.Contains("sync: actualized=0 not-yet=0 skipped=1 failed=5", output, StringComparison.Ordinal);
        Assert.EndsWith("dashboard: FAILED (" + line["error: ".Length..] + ")" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProxyAnswersEveryLookup500_ExitsOne()
    {
        await using var proxy = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Faults = new EmulatorFaults { ServerErrorEveryNth = 1 } });

        var (exit, output, error) = await RunAsync(["--usage", _example], Proxy(proxy.BaseUrl, proxy.ApiKey));

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith(
            "error: every one of the 5 lookups failed (HTTP 500 x 5; first: the spend-log lookup failed (HttpStatus, HTTP 500): LiteLLM answered HTTP 500",
            line,
            StringComparison.Ordinal);
        Assert.Contains("sync: actualized=0 not-yet=0 skipped=1 failed=5", output, StringComparison.Ordinal);
        Assert.True(proxy.InjectedFaults.ServerErrors >= 5);
    }

    [Fact]
    public async Task RunAsync_ProxyFindsNothing_WorksAndCoverageAgreesWithTheSync()
    {
        await using var proxy = await LiteLLMProxyEmulator.StartAsync();

        var (exit, output, _) = await RunAsync(["--usage", _example], Proxy(proxy.BaseUrl, proxy.ApiKey));

        Assert.Equal(0, exit);
        Assert.Contains("sync: actualized=0 not-yet=5 skipped=1 failed=0", output, StringComparison.Ordinal);

        // The id kept only in row 3's breakdown counts as the row's id: one row lacks an id, in both lines.
        Assert.Contains("coverage:   actualized 0 (0.0%), estimated-only 6, missing request id 1", output, StringComparison.Ordinal);
        Assert.EndsWith("dashboard: OK" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_JsonWithAFailedSync_PrintsTheVerdictInTheJsonAndExitsOne()
    {
        var port = ClosedPort();

        var (exit, output, error) = await RunAsync(["--usage", _example, "--json"], Proxy(new Uri($"http://127.0.0.1:{port}/"), "sk-x"));

        Assert.Equal(1, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var sync = json.RootElement.GetProperty("sync");
        Assert.False(sync.GetProperty("ok").GetBoolean());
        Assert.Equal(Assert.Single(Lines(error))["error: ".Length..], sync.GetProperty("failure_reason").GetString());
    }

    [Fact]
    public async Task RunAsync_Write_KeepsTheActualCostsSoASecondRunContinues()
    {
        using var directory = new TempDirectory();
        var written = directory.File("synced.jsonl");

        var (exit, first, _) = await RunAsync(["--usage", _example, "--write", written]);
        var (exitAgain, second, _) = await RunAsync(["--usage", written]);

        Assert.Equal((0, 0), (exit, exitAgain));
        Assert.Contains("sync: actualized=5 not-yet=0 skipped=1 failed=0", first, StringComparison.Ordinal);
        Assert.Contains($"written:    6 rows to {written} (5 with an actual cost)", first, StringComparison.Ordinal);
        Assert.Contains("sync: actualized=0 not-yet=0 skipped=6 failed=0", second, StringComparison.Ordinal);
        Assert.Contains("coverage:   actualized 5 (83.3%), estimated-only 1, missing request id 1", second, StringComparison.Ordinal);
        var rows = await UsageJsonLines.ReadFileAsync(written);
        Assert.Equal("chatcmpl-0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c03", rows[2].RequestId);
        Assert.Equal("llm_actual_tts_stt_estimated", (string?)rows[2].CostBreakdown!["cost_coverage"]);
    }

    [Fact]
    public async Task RunAsync_WriteIntoAMissingDirectory_ExitsTwoBeforeSyncing()
    {
        var (exit, output, error) = await RunAsync(["--rows", "10", "--write", "/nonexistent-dir-h4/out.jsonl"]);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("error: cannot write usage file '/nonexistent-dir-h4/out.jsonl': its directory does not exist", Assert.Single(Lines(error)));
    }

    [Fact]
    public async Task RunAsync_TwoRunsWithFaults_SecondRunRetriesWhatTheFirstLeft()
    {
        var (exit, output, error) = await RunAsync(["--rows", "400", "--faults", "--runs", "2"]);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        var runs = RunLine().Matches(output);
        Assert.Equal(2, runs.Count);
        var (first, second) = (Counts(runs[0]), Counts(runs[1]));
        Assert.Equal(400, first.Sum());
        Assert.Equal(400, second.Sum());
        Assert.True(Count(runs[0], "faults") > 0, output);

        // Run 2 skips what run 1 actualized or could never look up, and asks again for the rest.
        Assert.Equal(first[0] + first[2], second[2]);
        Assert.True(second[0] > 0, output);
        Assert.Contains($"sync: actualized={second[0]} not-yet={second[1]} skipped={second[2]} failed={second[3]}", output, StringComparison.Ordinal);

        // The left-over lines explain every row run 2 left: their parts add up to its not-yet and failed counts.
        var notYet = LeftLine("not yet").Match(output);
        var failed = LeftLine("failed").Match(output);
        Assert.True(notYet.Success && failed.Success, output);
        Assert.Equal((second[1], second[1]), (Count(notYet, "total"), notYet.Groups["part"].Captures.Sum(c => int.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal((second[3], second[3]), (Count(failed, "total"), failed.Groups["part"].Captures.Sum(c => int.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture))));
        Assert.EndsWith("dashboard: OK" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--runs", "0")]
    [InlineData("--runs", "21")]
    public async Task RunAsync_BadRuns_ExitsTwo(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: option '--runs' needs an integer from 1 to 20", error, StringComparison.Ordinal);
    }

    private static async Task<(string File, IReadOnlyList<SpendLogRow> SpendLogs)> UsageFileAsync(TempDirectory directory, int rows)
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = TimeProvider.System.GetUtcNow().AddHours(-1), RowCount = rows });
        var file = directory.File("usage.jsonl");
        await UsageJsonLines.WriteFileAsync(file, generated.UsageRecords);
        return (file, generated.SpendLogs);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, IConfiguration? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SampleApp.RunAsync(args, environment ?? Configuration([]), output, error, TimeProvider.System);
        return (exit, output.ToString(), error.ToString());
    }

    private static IConfiguration Proxy(Uri baseUrl, string apiKey) => Configuration(new()
    {
        ["UsageAnalytics:LiteLLM:BaseUrl"] = baseUrl.ToString(),
        ["UsageAnalytics:LiteLLM:ApiKey"] = apiKey,
        ["UsageAnalytics:LiteLLM:Resilience:Retry:Delay"] = "00:00:00.010",
    });

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Count(Match run, string group) => int.Parse(run.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static int[] Counts(Match run) => [Count(run, "actualized"), Count(run, "notyet"), Count(run, "skipped"), Count(run, "failed")];

    private static Regex LeftLine(string what) =>
        new("^left: +" + what + @" (?<total>\d+): (?:none|(?:(?<part>\d+) [^,\n]+(?:, |$))+)", RegexOptions.Multiline);

    [GeneratedRegex(@"^run \d+: actualized (?<actualized>\d+), not yet (?<notyet>\d+), skipped (?<skipped>\d+), failed (?<failed>\d+)(?: \(faults injected (?<faults>\d+)\))?", RegexOptions.Multiline)]
    private static partial Regex RunLine();
}
