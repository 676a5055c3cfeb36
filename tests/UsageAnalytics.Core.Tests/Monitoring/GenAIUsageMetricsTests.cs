using System.Diagnostics.Metrics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Monitoring;

public sealed class GenAIUsageMetricsTests
{
    private static readonly DateTimeOffset _at = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Record_SuccessfulChat_PublishesTokensDurationTtftAndCostWithConventionNames()
    {
        using var factory = new TestMeterFactory();
        using var metrics = new GenAIUsageMetrics(factory);
        using var capture = new MeasurementCapture(factory);
        var record = new UsageRecord
        {
            Timestamp = _at,
            Provider = "azure",
            Model = "gpt-4o",
            Service = "completion",
            PromptTokens = 1200,
            CompletionTokens = 300,
            LatencyMs = 2500,
            TimeToFirstTokenMs = 400,
            EstimatedCost = 0.0123m,
        };

        metrics.Record(record);

        var tokens = capture.Of("gen_ai.client.token.usage");
        Assert.Equal(2, tokens.Count);
        Assert.All(tokens, m => Assert.Equal("{token}", m.Unit));
        Assert.Equal(1200d, Assert.Single(tokens, m => (string?)m.Tags["gen_ai.token.type"] == "input").Value);
        Assert.Equal(300d, Assert.Single(tokens, m => (string?)m.Tags["gen_ai.token.type"] == "output").Value);

        // 2,500 ms = 2.5 s; 400 ms = 0.4 s.
        var duration = Assert.Single(capture.Of("gen_ai.client.operation.duration"));
        Assert.Equal("s", duration.Unit);
        Assert.Equal(2.5, duration.Value);
        Assert.False(duration.Tags.ContainsKey("error.type"));
        var ttft = Assert.Single(capture.Of("gen_ai.client.operation.time_to_first_chunk"));
        Assert.Equal("s", ttft.Unit);
        Assert.Equal(0.4, ttft.Value, 12);

        var cost = Assert.Single(capture.Of("gen_ai.usage.cost"));
        Assert.Equal("{USD}", cost.Unit);
        Assert.Equal(0.0123, cost.Value, 12);

        // LiteLLM's "azure" is OpenTelemetry's azure.ai.openai; the call type "completion" is a chat operation.
        Assert.All(capture.All, m =>
        {
            Assert.Equal("azure.ai.openai", m.Tags["gen_ai.provider.name"]);
            Assert.Equal("gpt-4o", m.Tags["gen_ai.request.model"]);
            Assert.Equal("chat", m.Tags["gen_ai.operation.name"]);
        });
        Assert.Equal(GenAIUsageMetrics.MeterName, capture.All[0].MeterName);
    }

    [Fact]
    public void Record_FailedCall_DurationCarriesErrorTypeAndNoZeroTokens()
    {
        using var factory = new TestMeterFactory();
        using var metrics = new GenAIUsageMetrics(factory);
        using var capture = new MeasurementCapture(factory);

        metrics.Record(new UsageRecord { Timestamp = _at, Provider = "openai", Model = "gpt-4o", Status = "failure", ErrorType = "RateLimitError", LatencyMs = 120 });
        metrics.Record(new UsageRecord { Timestamp = _at, Provider = "openai", Model = "gpt-4o", Status = "failure", LatencyMs = 80 });

        Assert.Empty(capture.Of("gen_ai.client.token.usage"));
        Assert.Empty(capture.Of("gen_ai.usage.cost"));
        var durations = capture.Of("gen_ai.client.operation.duration");
        Assert.Equal(2, durations.Count);

        // 120 ms = 0.12 s with the row's error type; a failure that names none is "_OTHER".
        Assert.Equal(0.12, durations[0].Value, 12);
        Assert.Equal("RateLimitError", durations[0].Tags["error.type"]);
        Assert.Equal("_OTHER", durations[1].Tags["error.type"]);
    }

    [Theory]
    [InlineData("openai", "openai")]
    [InlineData("Bedrock", "aws.bedrock")]
    [InlineData("vertex_ai", "gcp.vertex_ai")]
    [InlineData("gemini", "gcp.gemini")]
    [InlineData("mistral", "mistral_ai")]
    [InlineData("xai", "x_ai")]
    [InlineData("watsonx", "ibm.watsonx.ai")]
    [InlineData("azure_ai", "azure.ai.inference")]
    [InlineData(" my-proxy ", "my-proxy")]
    public void Record_LiteLLMProviderName_MapsToWellKnownValue(string provider, string expected)
    {
        using var factory = new TestMeterFactory();
        using var metrics = new GenAIUsageMetrics(factory);
        using var capture = new MeasurementCapture(factory);

        metrics.Record(new UsageRecord { Timestamp = _at, Provider = provider, Service = "embeddings", PromptTokens = 10, LatencyMs = 5 });

        Assert.All(capture.All, m => Assert.Equal(expected, m.Tags["gen_ai.provider.name"]));
        Assert.All(capture.All, m => Assert.Equal("embeddings", m.Tags["gen_ai.operation.name"]));
    }

    [Fact]
    public void Record_BlankProviderAndModel_LeavesAttributesOut()
    {
        using var factory = new TestMeterFactory();
        using var metrics = new GenAIUsageMetrics(factory);
        using var capture = new MeasurementCapture(factory);

        metrics.Record(new UsageRecord { Timestamp = _at, Service = "tts", LatencyMs = 50, Currency = "EUR", EstimatedCost = 0.5m });

        var duration = Assert.Single(capture.Of("gen_ai.client.operation.duration"));
        Assert.False(duration.Tags.ContainsKey("gen_ai.provider.name"));
        Assert.False(duration.Tags.ContainsKey("gen_ai.request.model"));
        Assert.Equal("tts", duration.Tags["gen_ai.operation.name"]);
        Assert.Equal("{EUR}", Assert.Single(capture.Of("gen_ai.usage.cost")).Unit);
    }

    [Fact]
    public void Record_MeterFactoryGiven_MeterComesFromFactory()
    {
        using var factory = new TestMeterFactory();
        using var metrics = new GenAIUsageMetrics(factory);

        Assert.Equal(GenAIUsageMetrics.MeterName, Assert.Single(factory.Meters).Name);
    }
}
