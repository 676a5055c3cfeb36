using Microsoft.Extensions.DependencyInjection;

namespace UsageAnalytics.DependencyInjection;

/// <summary>
/// Returned by <c>AddUsageAnalytics</c> so the host can keep configuring: add services, or add message handlers to
/// (or swap the transport of) the LiteLLM HTTP client.
/// </summary>
public interface IUsageAnalyticsBuilder
{
    /// <summary>Gets the service collection UsageAnalytics was added to.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// Gets the builder of the HTTP client used by <see cref="LiteLLM.LiteLLMSpendLogClient"/> (already configured with
    /// the standard resilience handler), for example to add a handler or, in tests,
    /// <c>ConfigurePrimaryHttpMessageHandler</c>.
    /// </summary>
    IHttpClientBuilder HttpClientBuilder { get; }
}
