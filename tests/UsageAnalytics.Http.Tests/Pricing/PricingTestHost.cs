using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.Pricing;

/// <summary>
/// The real <c>AddUsageAnalytics</c> registration bound from in-memory configuration, with the transports of both the
/// LiteLLM client and the price-file client swapped for one <see cref="MockHttpMessageHandler"/>, a
/// <see cref="FakeTimeProvider"/> as the clock, and every log record collected.
/// </summary>
public sealed class PricingTestHost : IDisposable
{
    public const string ApiKey = SpendLogTestHost.ApiKey;
    public const string BaseUrl = SpendLogTestHost.BaseUrl;
    public const string ModelInfoUrl = BaseUrl + "/model/info";
    public const string PriceFileUrl = "https://prices.test/model_prices_and_context_window.json";

    public static readonly DateTimeOffset Start = new(2026, 8, 6, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A small LiteLLM price file: gpt-4o (with cached reads), an Azure entry and the sample_spec.</summary>
    public const string PriceFile = """
        {
          "sample_spec": { "input_cost_per_token": 0, "litellm_provider": "one of https://docs.litellm.ai/docs/providers", "mode": "one of chat" },
          "gpt-4o": { "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06, "litellm_provider": "openai", "mode": "chat" },
          "azure/gpt-4o": { "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "litellm_provider": "azure", "mode": "chat" },
          "claude-3-5-haiku-20241022": { "input_cost_per_token": 8e-07, "output_cost_per_token": 4e-06, "litellm_provider": "anthropic", "mode": "chat" }
        }
        """;

    private PricingTestHost(MockHttpMessageHandler http, ServiceProvider services, FakeTimeProvider time)
    {
        Http = http;
        Services = services;
        Time = time;
    }

    public MockHttpMessageHandler Http { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public IPriceBookProvider Provider => Services.GetRequiredService<IPriceBookProvider>();

    public static Dictionary<string, string?> DefaultSettings(string? source) => new()
    {
        ["UsageAnalytics:Enabled"] = "true",
        ["UsageAnalytics:LiteLLM:BaseUrl"] = BaseUrl,
        ["UsageAnalytics:LiteLLM:ApiKey"] = ApiKey,
        ["UsageAnalytics:LiteLLM:Resilience:Retry:Delay"] = "00:00:00",
        ["UsageAnalytics:Pricing:Source"] = source,
        ["UsageAnalytics:Pricing:Resilience:Retry:Delay"] = "00:00:00",
    };

    public static PricingTestHost Create(string? source, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        var settings = DefaultSettings(source);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var http = new MockHttpMessageHandler();
        var time = new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddSingleton<TimeProvider>(time);
        configureServices?.Invoke(services);
        var builder = services.AddUsageAnalytics(configuration);
        builder.HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => http);
        services.AddHttpClient(PriceBookDownloader.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => http);
        return new PricingTestHost(http, services.BuildServiceProvider(validateScopes: true), time);
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>A usage row of <paramref name="model"/> at <see cref="Start"/>.</summary>
    public static Records.UsageRecord Row(string model, long prompt, long completion, long cached = 0) => new()
    {
        RequestId = "req-" + model,
        Timestamp = Start,
        Model = model,
        PromptTokens = prompt,
        CompletionTokens = completion,
        CachedPromptTokens = cached,
    };

    /// <summary>Every rendered message, exception and structured value of every log record, for secret scans.</summary>
    public string AllLogText()
    {
        var text = new StringBuilder();
        foreach (var record in Logs.GetSnapshot())
        {
            text.AppendLine(record.Message);
            text.AppendLine(record.Exception?.ToString());
            foreach (var (key, value) in record.StructuredState ?? [])
            {
                text.Append(key).Append('=').AppendLine(value);
            }
        }

        return text.ToString();
    }

    public void Dispose()
    {
        Services.Dispose();
        Http.Dispose();
    }
}
