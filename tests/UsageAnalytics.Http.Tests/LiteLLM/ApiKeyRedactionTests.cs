using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

public sealed class ApiKeyRedactionTests
{
    private static readonly DateTimeOffset _around = new(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Client_EveryKindOfFailure_NeverLogsOrThrowsTheKey()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:MaxResponseBytes"] = "1024" });
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("request_id", "unauthorized")
            .Respond(HttpStatusCode.Unauthorized, "application/json", """{"error": {"message": "Authentication Error, invalid key", "type": "auth_error", "param": "None", "code": "401"}}""");
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("request_id", "server-error")
            .Respond(HttpStatusCode.InternalServerError);
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("request_id", "network")
            .Throw(new HttpRequestException("Connection refused"));
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("request_id", "malformed")
            .Respond("application/json", "{ not json");
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("request_id", "too-large")
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Rows("req-", 0, 10)));
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("request_id", "bad-row")
            .Respond("application/json", SpendLogJson.Envelope("""{"request_id": "bad-row"}"""));
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("page", "1")
            .Respond(HttpStatusCode.ServiceUnavailable);
        var errors = new List<Exception>();

        foreach (var requestId in new[] { "unauthorized", "server-error", "network", "malformed", "too-large", "bad-row" })
        {
            Assert.Null(await host.Client.FetchAsync(requestId, _around));
        }

        errors.Add(await Assert.ThrowsAsync<SpendLogRequestException>(async () =>
        {
            await foreach (var row in host.Client.ListAsync(new SpendLogQuery { From = _around, To = _around.AddHours(1) }))
            {
            }
        }));
        var logs = host.AllLogText();
        Assert.True(host.Logs.Count >= 7, "expected a log record per failure");
        Assert.DoesNotContain(SpendLogTestHost.ApiKey, logs, StringComparison.Ordinal);
        Assert.All(errors, e => Assert.DoesNotContain(SpendLogTestHost.ApiKey, e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Options_ToString_RedactsTheKey()
    {
        using var host = SpendLogTestHost.Create();
        var options = host.Services.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value;

        var text = options.ToString() + options.LiteLLM;

        Assert.DoesNotContain(SpendLogTestHost.ApiKey, text, StringComparison.Ordinal);
        Assert.Contains("ApiKey = ***", text, StringComparison.Ordinal);
        Assert.Contains(SpendLogTestHost.BaseUrl, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ToStringWithoutKey_SaysNone()
    {
        var options = new LiteLLMOptions();

        var text = options.ToString();

        Assert.Contains("ApiKey = (none)", text, StringComparison.Ordinal);
    }
}
