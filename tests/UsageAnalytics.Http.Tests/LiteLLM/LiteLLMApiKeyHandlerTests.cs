using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

public sealed class LiteLLMApiKeyHandlerTests
{
    [Theory]
    [InlineData("https://litellm.test/spend/logs/v2")]
    [InlineData("https://LITELLM.test:443/other/path?x=1")]
    public async Task SendAsync_RequestToTheBaseUrlsOrigin_CarriesBothKeyHeaders(string url)
    {
        using var host = SpendLogTestHost.Create();
        var seen = Capture(host);

        using var response = await Client(host).GetAsync(new Uri(url));

        var request = Assert.Single(seen);
        Assert.Equal("Bearer " + SpendLogTestHost.ApiKey, request.Headers.Authorization?.ToString());
        Assert.Equal([SpendLogTestHost.ApiKey], request.Headers.GetValues(LiteLLMApiKeyHandler.ApiKeyHeader));
    }

    [Theory]
    [InlineData("https://other.test/spend/logs/v2")]
    [InlineData("http://litellm.test/spend/logs/v2")]
    [InlineData("https://litellm.test:8443/spend/logs/v2")]
    [InlineData("https://litellm.test.evil.example/spend/logs/v2")]
    public async Task SendAsync_RequestToAnotherOrigin_CarriesNoKey(string url)
    {
        using var host = SpendLogTestHost.Create();
        var seen = Capture(host);

        using var response = await Client(host).GetAsync(new Uri(url));

        var request = Assert.Single(seen);
        Assert.Null(request.Headers.Authorization);
        Assert.False(request.Headers.Contains(LiteLLMApiKeyHandler.ApiKeyHeader));
        Assert.DoesNotContain(SpendLogTestHost.ApiKey, request.Headers.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_RetriedRequest_CarriesTheKeyOnEveryAttemptOnce()
    {
        using var host = SpendLogTestHost.Create();
        var seen = new List<HttpRequestMessage>();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(request =>
        {
            seen.Add(request);
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });

        await host.Client.LookupAsync("req-1", new DateTimeOffset(2026, 8, 6, 14, 30, 0, TimeSpan.Zero));

        Assert.Equal(4, seen.Count);
        Assert.All(seen, request => Assert.Equal([SpendLogTestHost.ApiKey], request.Headers.GetValues(LiteLLMApiKeyHandler.ApiKeyHeader)));
    }

    private static HttpClient Client(SpendLogTestHost host) =>
        host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(UsageAnalyticsServiceCollectionExtensions.HttpClientName);

    private static List<HttpRequestMessage> Capture(SpendLogTestHost host)
    {
        var seen = new List<HttpRequestMessage>();
        host.Http.Fallback.Respond(request =>
        {
            seen.Add(request);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        return seen;
    }
}
