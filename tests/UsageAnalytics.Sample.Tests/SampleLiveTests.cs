namespace UsageAnalytics.Sample;

public sealed class SampleLiveTests
{
    [Fact]
    public async Task RunAsync_LiveShortRun_PrintsFiguresEventsAndExitsZero()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SampleApp.RunAsync(["--live", "--live-seconds", "2"], Empty(), output, error, TimeProvider.System);

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error.ToString());
        Assert.Contains("UsageAnalytics sample (live monitor)", text, StringComparison.Ordinal);
        // Redirected output: plain lines, never the terminal's redraw sequence.
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
        Assert.Contains("this minute", text, StringComparison.Ordinal);
        Assert.Contains("top models this hour:", text, StringComparison.Ordinal);
        // The budgets of appsettings.json are the monitor's, and the last evaluation's cost update is printed.
        Assert.Contains("all-monthly", text, StringComparison.Ordinal);
        Assert.Contains("5 budgets, 5 rules", text, StringComparison.Ordinal);
        Assert.Contains("rules: slow-p95 ", text, StringComparison.Ordinal);
        Assert.Matches(@"event \d\d:\d\d:\d\d cost    today \d+\.\d{6}", text);
        Assert.Matches(@"live: OK \([1-9]\d* calls recorded", text);
    }

    [Theory]
    [InlineData("--usage", "x.jsonl")]
    [InlineData("--json", null)]
    [InlineData("--spend-logs", "x.jsonl")]
    public void Parse_LiveWithAnotherSource_IsRefused(string option, string? value)
    {
        string[] args = value is null ? ["--live", option] : ["--live", option, value];

        var error = Assert.Throws<SampleUsageException>(() => SampleArguments.Parse(args));

        Assert.Contains("--live generates its own traffic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LiveSeconds_ReadsTheValueAndDefaultsToFive()
    {
        var given = SampleArguments.Parse(["--live", "--live-seconds", "12", "--otel-console"]);
        var defaulted = SampleArguments.Parse(["--live"]);

        Assert.True(given.Live);
        Assert.Equal(12, given.LiveSeconds);
        Assert.True(given.OtelConsole);
        Assert.Equal(5, defaulted.LiveSeconds);
        Assert.Throws<SampleUsageException>(() => SampleArguments.Parse(["--live", "--live-seconds", "0"]));
    }

    [Fact]
    public void SampleTelemetry_OtelConsole_ExportsTheGenAIMetrics()
    {
        var console = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            using (SampleTelemetry.Start(console: true))
            using (var metrics = new Monitoring.GenAIUsageMetrics())
            {
                metrics.Record(new Records.UsageRecord
                {
                    Timestamp = new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero),
                    Provider = "openai",
                    Model = "gpt-4o",
                    Service = "chat",
                    Status = "success",
                    PromptTokens = 100,
                    CompletionTokens = 20,
                    EstimatedCost = 0.01m,
                    LatencyMs = 800,
                });
            }
        }
        finally
        {
            Console.SetOut(console);
        }

        // Disposing the provider exports once: the token histogram and the cost counter are there.
        Assert.Contains("gen_ai.client.token.usage", captured.ToString(), StringComparison.Ordinal);
        Assert.Contains("gen_ai.usage.cost", captured.ToString(), StringComparison.Ordinal);
        Assert.Null(SampleTelemetry.Start(console: false));
    }

    private static Microsoft.Extensions.Configuration.IConfiguration Empty() =>
        new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
}
