using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.LiteLLM;

namespace UsageAnalytics.TestSupport;

/// <summary>
/// The real <c>AddUsageAnalytics</c> registration, bound from in-memory configuration, with only the transport
/// swapped for a <see cref="MockHttpMessageHandler"/> and every log record (Trace and up) collected.
/// </summary>
public sealed class SpendLogTestHost : IDisposable
{
    public const string ApiKey = "sk-test-SECRET-9f8e7d6c5b4a";
    public const string BaseUrl = "https://litellm.test";
    public const string V2Url = BaseUrl + "/spend/logs/v2";
    public const string V1Url = BaseUrl + "/spend/logs";

    private SpendLogTestHost(MockHttpMessageHandler http, ServiceProvider services)
    {
        Http = http;
        Services = services;
    }

    public MockHttpMessageHandler Http { get; }

    public ServiceProvider Services { get; }

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public ISpendLogClient Client => Services.GetRequiredService<ISpendLogClient>();

    /// <summary>Settings every test starts from: enabled, a base URL and key, and retries without delay.</summary>
    /// <remarks>Retries are configured through the resilience section, as a host would.</remarks>
    public static Dictionary<string, string?> DefaultSettings() => new()
    {
        ["UsageAnalytics:Enabled"] = "true",
        ["UsageAnalytics:LiteLLM:BaseUrl"] = BaseUrl,
        ["UsageAnalytics:LiteLLM:ApiKey"] = ApiKey,
        ["UsageAnalytics:LiteLLM:Resilience:Retry:Delay"] = "00:00:00",
    };

    /// <summary>Turns the pipeline's retries off in code: the resilience section cannot (Retry:MaxRetryAttempts is at least 1).</summary>
    public static void WithoutRetries(IUsageAnalyticsBuilder builder) =>
        builder.Resilience.Configure(static options => options.Retry.ShouldHandle = static _ => Polly.PredicateResult.False());

    public static SpendLogTestHost Create(
        IDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? configureServices = null,
        Action<IUsageAnalyticsBuilder>? configureBuilder = null)
    {
        var settings = DefaultSettings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var http = new MockHttpMessageHandler();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        configureServices?.Invoke(services);
        var builder = services.AddUsageAnalytics(configuration);
        builder.HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => http);
        configureBuilder?.Invoke(builder);
        return new SpendLogTestHost(http, services.BuildServiceProvider(validateScopes: true));
    }

    /// <summary>Every rendered message and exception text of every log record, for secret scans.</summary>
    public string AllLogText()
    {
        var text = new System.Text.StringBuilder();
        foreach (var record in Logs.GetSnapshot())
        {
            text.AppendLine(record.Message);
            text.AppendLine(record.Exception?.ToString());
            if (record.StructuredState is { } state)
            {
                foreach (var (key, value) in state)
                {
                    text.Append(key).Append('=').AppendLine(value);
                }
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

