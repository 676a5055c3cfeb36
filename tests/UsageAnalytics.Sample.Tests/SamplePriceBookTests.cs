using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace UsageAnalytics.Sample;

/// <summary><c>--price-book FILE</c>: every row of the usage file re-estimated with a small LiteLLM price file, the
/// unpriced ones kept, the new estimates written; a bad price file ends the run with exit 1 and one line.</summary>
public sealed partial class SamplePriceBookTests
{
    /// <summary>USD per token (per second for whisper-1); every expected estimate below is worked out from these.</summary>
    private const string Prices = """
        {
          "sample_spec": {"input_cost_per_token": 0, "description": "skipped, as LiteLLM's own file has it"},
          "gpt-4o-mini": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2e-07, "output_cost_per_token": 8e-07,
            "cache_read_input_token_cost": 1e-07, "input_cost_per_token_priority": 4e-07, "output_cost_per_token_priority": 1.6e-06},
          "claude-sonnet-4-5": {"litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
            "cache_read_input_token_cost": 3e-07, "cache_creation_input_token_cost": 3.75e-06, "cache_creation_input_token_cost_above_1hr": 6e-06},
          "whisper-1": {"litellm_provider": "openai", "mode": "audio_transcription", "input_cost_per_second": 0.0001, "output_cost_per_second": 0.0001}
        }
        """;

    /// <summary>Six rows: cached tokens, both cache-write lifetimes, audio seconds, a model the book lacks, a voice row
    /// with speech parts, and the priority tier.</summary>
    private static readonly string[] _usage =
    [
        """{"requestId":"r-a","timestamp":"2026-08-06T09:00:00Z","provider":"openai","model":"gpt-4o-mini","promptTokens":1000,"cachedPromptTokens":400,"completionTokens":200,"estimatedCost":0.0005}""",
        """{"requestId":"r-b","timestamp":"2026-08-06T09:01:00Z","provider":"anthropic","model":"claude-sonnet-4-5","promptTokens":3000,"cachedPromptTokens":500,"cacheWriteTokens":1500,"cacheWriteFiveMinuteTokens":1000,"cacheWriteOneHourTokens":500,"completionTokens":100,"estimatedCost":0.01}""",
        """{"requestId":"r-c","timestamp":"2026-08-06T09:02:00Z","provider":"openai","model":"whisper-1","service":"stt","audioDurationSeconds":61.25,"estimatedCost":0.006}""",
        """{"requestId":"r-d","timestamp":"2026-08-06T09:03:00Z","provider":"acme","model":"my-private-llm","promptTokens":900,"completionTokens":300,"estimatedCost":0.0042}""",
        """{"requestId":"r-e","timestamp":"2026-08-06T09:04:00Z","provider":"openai","model":"gpt-4o-mini","service":"voice","promptTokens":640,"completionTokens":95,"estimatedCost":0.001813,"costBreakdown":{"estimated_llm_cost":0.000153,"estimated_stt_cost":0.00096,"estimated_tts_cost":"0.0007"}}""",
        """{"request_id":"r-f","timestamp":"2026-08-06T09:05:00Z","provider":"openai","model":"gpt-4o-mini","service_tier":"priority","prompt_tokens":1000,"completion_tokens":100,"estimated_cost":0.0005}""",
    ];

    [Fact]
    public async Task RunAsync_PriceBook_ReestimatesEveryRowAndWritesTheNewEstimates()
    {
        using var directory = new TempDirectory();
        var (usage, prices) = await FixturesAsync(directory, Prices);
        var written = directory.File("repriced.jsonl");

        var (exit, output, error) = await RunAsync(["--usage", usage, "--price-book", prices, "--write", written]);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        var rows = (await UsageJsonLines.ReadFileAsync(written)).ToDictionary(r => r.RequestId!, StringComparer.Ordinal);
        // (1000 - 400) × 2e-7 + 400 × 1e-7 + 200 × 8e-7
        Assert.Equal(0.00032m, rows["r-a"].EstimatedCost);
        // (3000 - 500 - 1500) × 3e-6 + 500 × 3e-7 + 1000 × 3.75e-6 + 500 × 6e-6 + 100 × 1.5e-5
        Assert.Equal(0.0114m, rows["r-b"].EstimatedCost);
        // 61.25 s × 1e-4, billed once (output_cost_per_second)
        Assert.Equal(0.006125m, rows["r-c"].EstimatedCost);
        // not in the book: the old estimate stays
        Assert.Equal(0.0042m, rows["r-d"].EstimatedCost);
        // 640 × 2e-7 + 95 × 8e-7 = 0.000204, plus the speech parts the book does not price: 0.00096 + 0.0007
        Assert.Equal(0.001864m, rows["r-e"].EstimatedCost);
        // priority: 1000 × 4e-7 + 100 × 1.6e-6
        Assert.Equal(0.00056m, rows["r-f"].EstimatedCost);
        Assert.All(rows.Values, r => Assert.NotNull(r.ActualCost));
        Assert.Equal((1000L, 500L), (rows["r-b"].CacheWriteFiveMinuteTokens!.Value, rows["r-b"].CacheWriteOneHourTokens!.Value));
        Assert.Equal("priority", rows["r-f"].Dimensions["service_tier"]);
    }

    [Fact]
    public async Task RunAsync_PriceBook_PrintsTheCountsAndTheDifferencePerModel()
    {
        using var directory = new TempDirectory();
        var (usage, prices) = await FixturesAsync(directory, Prices);

        var (exit, output, _) = await RunAsync(["--usage", usage, "--price-book", prices]);

        Assert.Equal(0, exit);
        // old: 0.0005 + 0.01 + 0.006 + 0.0042 + 0.001813 + 0.0005 = 0.023013; new: 0.00032 + 0.0114 + 0.006125 + 0.0042 + 0.001864 + 0.00056 = 0.024469
        Assert.Contains(
            $"repriced:   6 rows with --price-book {prices} (3 models): 5 repriced, 1 unpriced (kept their estimate); estimated 0.023013 -> 0.024469 USD (+0.001456)",
            output,
            StringComparison.Ordinal);
        Assert.Equal(
            [
                "claude-sonnet-4-5 1 1 0 0.010000 0.011400 +0.001400",
                "whisper-1 1 1 0 0.006000 0.006125 +0.000125",
                // 0.0005 + 0.001813 + 0.0005 -> 0.00032 + 0.001864 + 0.00056
                "gpt-4o-mini 3 3 0 0.002813 0.002744 -0.000069",
                "my-private-llm 1 0 1 0.004200 0.004200 0.000000",
            ],
            TableRows(output, "  by model"));
    }

    [Fact]
    public async Task RunAsync_PriceBook_ReconcilesTheNewEstimatesWithWhatTheEmulatedProxyCharged()
    {
        using var directory = new TempDirectory();
        var (usage, prices) = await FixturesAsync(directory, Prices);

        var (_, output, _) = await RunAsync(["--usage", usage, "--price-book", prices]);

        // The emulated proxy bills the demo list's (LiteLLM's) gpt-4o-mini rates: 1.5e-7 in, 7.5e-8 cached, 6e-7 out,
        // priority 2.5e-7 / 1e-6. Actual: 0.00024 + (0.000153 + 0.00166) + 0.00035 = 0.002403 against 0.002744; r-a (-25%)
        // and r-f (-37.5%) are outside ±10%, r-e (-2.7%) inside; the same tokens on both sides, so all of it is price.
        Assert.Contains("gpt-4o-mini 3 0.002744 0.002403 -0.000341 0.876 2 0.000000 -0.000341", TableRows(output, "reconciled by model"));
        Assert.Contains("prices:     the sample's demo price list (10 models; ../shared/data/litellm/model_prices_2026-07-24.json not found): the emulator's spend", output, StringComparison.Ordinal);
        Assert.Contains("unpriced:   none (the price book prices every row without an actual cost)", output, StringComparison.Ordinal);
        Assert.Matches(@"  gpt-4o-mini +r-f +0\.000560 +0\.000350 +-0\.000210  price -0\.000210 \(same tokens, another rate\)", output);
    }

    [Fact]
    public async Task RunAsync_RowWhoseSpeechPartIsNotACost_IsKeptUnchangedAndNamedWhileTheOthersAreRepriced()
    {
        using var directory = new TempDirectory();
        var (usage, prices) = await FixturesAsync(directory, Prices);
        await File.AppendAllLinesAsync(usage, [
            """{"requestId":"r-g","timestamp":"2026-08-06T09:06:00Z","provider":"openai","model":"gpt-4o-mini","service":"voice","promptTokens":10,"estimatedCost":0.001,"costBreakdown":{"estimated_stt_cost":"abc"}}""",
        ]);
        var written = directory.File("repriced.jsonl");

        var (exit, output, error) = await RunAsync(["--usage", usage, "--price-book", prices, "--write", written]);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("repriced:   6 rows with --price-book ", output, StringComparison.Ordinal);
        Assert.Contains(
            "unreadable: 1 row whose breakdown's estimated speech part is not a cost, kept unchanged (row 7: The breakdown's 'estimated_stt_cost' is not a number: 'abc'.)",
            output,
            StringComparison.Ordinal);
        Assert.Contains(
            "unreadable: 1 row whose breakdown's estimated speech part is not a cost, left out of these figures (row 7: ",
            output,
            StringComparison.Ordinal);
        var rows = await UsageJsonLines.ReadFileAsync(written);
        Assert.Equal(["r-a", "r-b", "r-c", "r-d", "r-e", "r-f", "r-g"], rows.Select(r => r.RequestId));
        Assert.Equal((0.001m, (decimal?)null), (rows[6].EstimatedCost, rows[6].ActualCost));
        Assert.Equal(0.00032m, rows[0].EstimatedCost);
    }

    [Fact]
    public async Task RunAsync_PriceBookAgainstAProxy_ReestimatesBeforeTheSyncAndReconcilesWithTheProxysSpend()
    {
        using var directory = new TempDirectory();
        var (usage, prices) = await FixturesAsync(directory, Prices);
        await using var proxy = await LiteLLMEmulator.LiteLLMProxyEmulator.StartAsync(new LiteLLMEmulator.EmulatorOptions
        {
            Rows =
            [
                new LiteLLMEmulator.SpendLogRow
                {
                    RequestId = "r-a",
                    Spend = 0.0003,
                    PromptTokens = 1100,
                    CompletionTokens = 200,
                    StartTime = new DateTimeOffset(2026, 8, 6, 9, 0, 0, TimeSpan.Zero),
                    EndTime = new DateTimeOffset(2026, 8, 6, 9, 0, 2, TimeSpan.Zero),
                },
            ],
        });
        var environment = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UsageAnalytics:LiteLLM:BaseUrl"] = proxy.BaseUrl.ToString(),
            ["UsageAnalytics:LiteLLM:ApiKey"] = proxy.ApiKey,
        }).Build();

        var (exit, output, error) = await RunAsync(["--usage", usage, "--price-book", prices], environment);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.DoesNotContain("prices:", output, StringComparison.Ordinal);
        Assert.Contains("repriced:   6 rows with --price-book ", output, StringComparison.Ordinal);
        Assert.Contains("sync: actualized=1 not-yet=5 skipped=0 failed=0", output, StringComparison.Ordinal);
        // LiteLLM counted 100 more prompt tokens (+0.00002 at the book's 2e-7) and charged 0.0003 against the book's 0.00032:
        // the difference -0.00002 is tokens +0.00002 and price -0.00004.
        Assert.Contains("gpt-4o-mini 1 0.000320 0.000300 -0.000020 0.938 0 +0.000020 -0.000040", TableRows(output, "reconciled by model"));
        Assert.Contains(
            "tokens +0.000020 (LiteLLM counted 1,100 + 200 tokens, the row 1,000 + 200), price -0.000040",
            output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PriceBookWithAnInvalidRate_ExitsOneNamingTheModelAndField()
    {
        using var directory = new TempDirectory();
        var (usage, prices) = await FixturesAsync(directory, """{"gpt-4o": {"input_cost_per_token": 2.5e-06}, "gpt-4o-mini": {"input_cost_per_token": -1}}""");

        var (exit, output, error) = await RunAsync(["--usage", usage, "--price-book", prices]);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal(
            $"error: price book '{prices}' is not a LiteLLM price file: The price entry 'gpt-4o-mini' has an invalid 'input_cost_per_token': it is negative (-1).",
            Assert.Single(Lines(error)));
    }

    [Theory]
    [InlineData("""{"gpt-4o": {"input_cost_per_token": 2.5e-06,}}""")]
    [InlineData("""[1, 2]""")]
    [InlineData("")]
    public async Task RunAsync_PriceBookThatIsNotAPriceFile_ExitsOneWithOneLineAndNoStackTrace(string content)
    {
        using var directory = new TempDirectory();
        var (usage, prices) = await FixturesAsync(directory, content);

        var (exit, output, error) = await RunAsync(["--usage", usage, "--price-book", prices]);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"error: price book '{prices}' is not a LiteLLM price file: ", Assert.Single(Lines(error)), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingPriceBook_ExitsOneNamingTheFile()
    {
        using var directory = new TempDirectory();
        var (usage, _) = await FixturesAsync(directory, Prices);
        var missing = directory.File("no-such-prices.json");

        var (exit, output, error) = await RunAsync(["--usage", usage, "--price-book", missing]);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"error: cannot read price book '{missing}': ", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PriceBookWithoutAUsageFile_IsAUsageError()
    {
        var (exit, output, error) = await RunAsync(["--price-book", "prices.json"]);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("error: --price-book re-estimates the rows of a usage file: give --usage FILE too", Assert.Single(Lines(error)));
    }

    private static async Task<(string Usage, string Prices)> FixturesAsync(TempDirectory directory, string prices)
    {
        var usage = directory.File("usage.jsonl");
        var book = directory.File("prices.json");
        await File.WriteAllLinesAsync(usage, _usage);
        await File.WriteAllTextAsync(book, prices);
        return (usage, book);
    }

    /// <summary>Runs the sample with the demo price list as LiteLLM's prices (as on a machine without the shared data).</summary>
    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, IConfiguration? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SampleApp.RunAsync(args, environment ?? new ConfigurationBuilder().Build(), output, error, TimeProvider.System, () => null);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The indented rows under a table header, each with its runs of spaces collapsed to one.</summary>
    internal static List<string> TableRows(string output, string header)
    {
        var lines = Lines(output);
        var start = lines.FindIndex(l => l.StartsWith(header, StringComparison.Ordinal));
        Assert.True(start >= 0, output);
        return [.. lines.Skip(start + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => Spaces().Replace(l.Trim(), " "))];
    }

    internal static List<string> Lines(string text) => [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)];

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();
}
