using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.Fuzz;

/// <summary>
/// The real <c>AddUsageAnalytics</c> registration with its real transport (sockets, redirects off), pointed at a
/// <see cref="RawHttpServer"/> on 127.0.0.1, retries off and logs collected.
/// </summary>
public sealed class RealTransportHost : IDisposable
{
    private RealTransportHost(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public ISpendLogClient Client => Services.GetRequiredService<ISpendLogClient>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public static RealTransportHost Create(
        string baseUrl,
        int timeoutSeconds = 30,
        IDictionary<string, string?>? overrides = null,
        Action<IUsageAnalyticsBuilder>? configureBuilder = null)
    {
        var settings = SpendLogTestHost.DefaultSettings();
        settings["UsageAnalytics:LiteLLM:BaseUrl"] = baseUrl;
        settings["UsageAnalytics:LiteLLM:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        var builder = services.AddUsageAnalytics(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        SpendLogTestHost.WithoutRetries(builder);
        configureBuilder?.Invoke(builder);
        return new RealTransportHost(services.BuildServiceProvider(validateScopes: true));
    }

    public void Dispose() => Services.Dispose();
}
