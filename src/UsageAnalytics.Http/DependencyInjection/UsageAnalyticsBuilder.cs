using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace UsageAnalytics.DependencyInjection;

/// <summary>The one implementation of <see cref="IUsageAnalyticsBuilder"/>.</summary>
internal sealed class UsageAnalyticsBuilder(
    IServiceCollection services,
    IHttpClientBuilder httpClientBuilder,
    IHttpStandardResiliencePipelineBuilder resilience) : IUsageAnalyticsBuilder
{
    public IServiceCollection Services { get; } = services;

    public IHttpClientBuilder HttpClientBuilder { get; } = httpClientBuilder;

    public IHttpStandardResiliencePipelineBuilder Resilience { get; } = resilience;
}
