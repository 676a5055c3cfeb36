using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;
using UsageAnalytics.DependencyInjection;

namespace UsageAnalytics.Pricing;

public sealed class LiteLLMModelInfoClientTests
{
    private const string ModelInfo = """
        {"data": [{"model_name": "team-gpt", "litellm_params": {"model": "azure/prod"},
                   "model_info": {"id": "1", "base_model": "azure/gpt-4o", "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05}}]}
        """;

    private static LiteLLMModelInfoClient Client(PricingTestHost host) => host.Services.GetRequiredService<LiteLLMModelInfoClient>();

    [Fact]
    public async Task GetModelPricesAsync_SendsTheKeyToTheProxysModelInfo()
    {
        using var host = PricingTestHost.Create("litellm");
        host.Http.Expect(HttpMethod.Get, PricingTestHost.ModelInfoUrl)
            .WithHeaders("Authorization", "Bearer " + PricingTestHost.ApiKey)
            .WithHeaders("x-litellm-api-key", PricingTestHost.ApiKey)
            .Respond(_ => PricingTestHost.Json(ModelInfo));

        var prices = await Client(host).GetModelPricesAsync();

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(0.0000025m, Assert.Single(prices.Prices).Rates["input_cost_per_token"]);
    }

    [Fact]
    public async Task GetModelPricesAsync_ConfiguredPath_IsUsed()
    {
        using var host = PricingTestHost.Create("litellm", new Dictionary<string, string?>
        {
            ["UsageAnalytics:LiteLLM:BaseUrl"] = PricingTestHost.BaseUrl + "/gateway/",
            ["UsageAnalytics:Pricing:ModelInfoPath"] = "/v1/model/info",
        });
        host.Http.Expect(HttpMethod.Get, PricingTestHost.BaseUrl + "/gateway/v1/model/info").Respond(_ => PricingTestHost.Json(ModelInfo));

        var prices = await Client(host).GetModelPricesAsync();

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Single(prices.Prices);
    }

    [Fact]
    public async Task GetModelPricesAsync_WrongKey_ThrowsWithLiteLLMsMessageAndNoKey()
    {
        using var host = PricingTestHost.Create("litellm");
        var body = $$$"""{"error": {"message": "Authentication Error, Invalid proxy server token passed. Received API Key = {{{PricingTestHost.ApiKey}}}", "type": "auth_error", "param": "None", "code": "401"}}""";
        host.Http.When(HttpMethod.Get, PricingTestHost.ModelInfoUrl).Respond(_ => PricingTestHost.Json(body, HttpStatusCode.Unauthorized));

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => Client(host).GetModelPricesAsync());

        Assert.Equal(PriceBookLoadFailureKind.HttpStatus, error.Kind);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(
            "LiteLLM's model info at /model/info could not be read: the server answered HTTP 401 (Unauthorized): LiteLLM says: Authentication Error, Invalid proxy server token passed. Received API Key = ***.",
            error.Message);
        Assert.DoesNotContain(PricingTestHost.ApiKey, host.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetModelPricesAsync_FastApiDetail_IsQuoted()
    {
        using var host = PricingTestHost.Create("litellm");
        host.Http.When(HttpMethod.Get, PricingTestHost.ModelInfoUrl).Respond(_ => PricingTestHost.Json("""{"detail": "Not Found"}""", HttpStatusCode.NotFound));

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => Client(host).GetModelPricesAsync());

        Assert.EndsWith("HTTP 404 (NotFound): LiteLLM says: Not Found.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetModelPricesAsync_Redirect_IsNotFollowed()
    {
        using var host = PricingTestHost.Create("litellm");
        host.Http.Expect(HttpMethod.Get, PricingTestHost.ModelInfoUrl).Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Found);
            response.Headers.Location = new Uri("https://elsewhere.test/model/info");
            return response;
        });

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => Client(host).GetModelPricesAsync());

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(HttpStatusCode.Found, error.StatusCode);
        Assert.Contains("a redirect, which is not followed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "is not a model-info answer: The LiteLLM model-info answer is not JSON")]
    [InlineData("""{"detail": "oops"}""", "without a 'data' array")]
    public async Task GetModelPricesAsync_NotAModelInfoAnswer_ThrowsMalformed(string body, string expected)
    {
        using var host = PricingTestHost.Create("litellm");
        host.Http.When(HttpMethod.Get, PricingTestHost.ModelInfoUrl).Respond("application/json", body);

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => Client(host).GetModelPricesAsync());

        Assert.Equal(PriceBookLoadFailureKind.Malformed, error.Kind);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.IsType<PriceBookFormatException>(error.InnerException);
    }

    [Fact]
    public async Task GetModelPricesAsync_BodyOverTheLiteLLMCap_ThrowsTooLarge()
    {
        using var host = PricingTestHost.Create("litellm", new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:MaxResponseBytes"] = "1024" });
        var big = """{"data": [""" + string.Join(",", Enumerable.Repeat("""{"model_name": "m", "model_info": {}}""", 100)) + "]}";
        host.Http.When(HttpMethod.Get, PricingTestHost.ModelInfoUrl).Respond(_ => PricingTestHost.Json(big));

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => Client(host).GetModelPricesAsync());

        Assert.Equal(PriceBookLoadFailureKind.ResponseTooLarge, error.Kind);
        Assert.Contains("larger than UsageAnalytics:LiteLLM:MaxResponseBytes (1024 bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetModelPricesAsync_ManyWarnings_LogsTheFirstTwentyAndCountsTheRest()
    {
        using var host = PricingTestHost.Create("litellm");
        var entries = string.Join(",", Enumerable.Range(1, 25).Select(i => $$"""{"model_name": "m{{i}}"}"""));
        host.Http.When(HttpMethod.Get, PricingTestHost.ModelInfoUrl).Respond(_ => PricingTestHost.Json($$"""{"data": [{{entries}}]}"""));

        var prices = await Client(host).GetModelPricesAsync();

        Assert.Equal(25, prices.Warnings.Count);
        var records = host.Logs.GetSnapshot();
        Assert.Equal(20, records.Count(r => r.Id.Id == 3003 && r.Level == LogLevel.Warning));
        var cut = Assert.Single(records, r => r.Id.Id == 3004);
        Assert.Contains("5 more warning(s) not logged", cut.Message, StringComparison.Ordinal);
        Assert.Contains("model info from /model/info: Model 'm1' has no prices", records.First(r => r.Id.Id == 3003).Message, StringComparison.Ordinal);
        var summary = Assert.Single(records, r => r.Id.Id == 3005);
        Assert.Contains("25 deployment(s), 0 model name(s) priced by the proxy, 0 mapped to a base model, 25 warning(s)", summary.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetModelPricesAsync_Disabled_ThrowsInvalidOperation()
    {
        using var http = new HttpClient(new MockHttpMessageHandler());
        var client = new LiteLLMModelInfoClient(
            http,
            Options.Create(new UsageAnalyticsOptions { Enabled = false }),
            Options.Create(new PriceBookOptions()),
            NullLogger<LiteLLMModelInfoClient>.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetModelPricesAsync());

        Assert.Contains("UsageAnalytics:Enabled is false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadModelInfoPath_ThrowsNamingTheKey()
    {
        using var http = new HttpClient(new MockHttpMessageHandler());

        var error = Assert.Throws<ArgumentException>(() => new LiteLLMModelInfoClient(
            http,
            Options.Create(new UsageAnalyticsOptions { Enabled = false }),
            Options.Create(new PriceBookOptions { ModelInfoPath = "model/info" }),
            NullLogger<LiteLLMModelInfoClient>.Instance));

        Assert.Contains("UsageAnalytics:Pricing:ModelInfoPath must be a path that starts with '/'", error.Message, StringComparison.Ordinal);
    }
}
