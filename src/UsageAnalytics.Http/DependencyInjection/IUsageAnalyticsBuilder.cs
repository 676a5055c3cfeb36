using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

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

    /// <summary>
    /// Gets the builder of the LiteLLM client's standard resilience pipeline, to configure its
    /// <see cref="HttpStandardResilienceOptions"/> in code, for example
    /// <c>Resilience.Configure(o =&gt; o.Retry.MaxRetryAttempts = 5)</c>, or from another configuration section.
    /// </summary>
    /// <remarks>
    /// Settings apply in order: the defaults (total request timeout = <c>UsageAnalytics:LiteLLM:TimeoutSeconds</c>),
    /// then the <c>UsageAnalytics:LiteLLM:Resilience</c> section when <c>AddUsageAnalytics</c> was given configuration,
    /// then each <c>Configure</c> call made here. The options are validated when the host starts.
    /// </remarks>
    IHttpStandardResiliencePipelineBuilder Resilience { get; }
}
