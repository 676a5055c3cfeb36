using Microsoft.Extensions.DependencyInjection;

namespace UsageAnalytics.DependencyInjection;

/// <summary>The one implementation of <see cref="IUsageAnalyticsBuilder"/>.</summary>
internal sealed class UsageAnalyticsBuilder(IServiceCollection services, IHttpClientBuilder httpClientBuilder) : IUsageAnalyticsBuilder
{
    public IServiceCollection Services { get; } = services;

    public IHttpClientBuilder HttpClientBuilder { get; } = httpClientBuilder;
}
