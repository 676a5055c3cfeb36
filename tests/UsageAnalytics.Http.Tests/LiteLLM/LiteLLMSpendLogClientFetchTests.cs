using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using RichardSzalay.MockHttp;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

public sealed class LiteLLMSpendLogClientFetchTests
{
    private static readonly DateTimeOffset _around = new(2026, 8, 6, 14, 30, 15, 500, TimeSpan.FromHours(2));

    [Fact]
    public async Task FetchAsync_V2_SendsRequestIdUtcDateWindowAndBothKeyHeaders()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .WithQueryString("request_id", "req-1")
            .WithQueryString("start_date", "2026-08-06 11:30:15")
            .WithQueryString("end_date", "2026-08-06 13:30:16")
            .WithHeaders("Authorization", "Bearer " + SpendLogTestHost.ApiKey)
            .WithHeaders("x-litellm-api-key", SpendLogTestHost.ApiKey)
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-1", 0.00042m)));

        var row = await host.Client.FetchAsync("req-1", _around);

        host.Http.VerifyNoOutstandingExpectation();
        Assert.NotNull(row);
        Assert.Equal("req-1", row.RequestId);
        Assert.Equal(0.00042m, row.Spend);
    }

    [Fact]
    public async Task FetchAsync_LookupMarginConfigured_WidensWindowByIt()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:LookupMargin"] = "00:10:00" });
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .WithExactQueryString("request_id=req-1&start_date=2026-08-06%2012%3A20%3A15&end_date=2026-08-06%2012%3A40%3A16")
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-1")));

        var row = await host.Client.FetchAsync("req-1", _around);

        host.Http.VerifyNoOutstandingExpectation();
        Assert.NotNull(row);
    }

    [Fact]
    public async Task FetchAsync_BaseUrlWithPathPrefix_KeepsPrefix()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:BaseUrl"] = "https://gateway.test/litellm/" });
        host.Http.Expect(HttpMethod.Get, "https://gateway.test/litellm/spend/logs/v2")
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-1")));

        var row = await host.Client.FetchAsync("req-1", _around);

        host.Http.VerifyNoOutstandingExpectation();
        Assert.NotNull(row);
    }

    [Fact]
    public async Task FetchAsync_V1Path_SendsRequestIdOnlyAndReadsBareArray()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:SpendLogPath"] = "/spend/logs" });
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V1Url)
            .WithExactQueryString("request_id=req-1")
            .WithHeaders("Authorization", "Bearer " + SpendLogTestHost.ApiKey)
            .WithHeaders("x-litellm-api-key", SpendLogTestHost.ApiKey)
            .Respond("application/json", "[" + SpendLogJson.Row("req-1", 0.5m) + "]");

        var row = await host.Client.FetchAsync("req-1", _around);

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(0.5m, row?.Spend);
    }

    [Theory]
    [InlineData("""{"data": [], "total": 0, "page": 1, "page_size": 50, "total_pages": 0}""")]
    [InlineData("[]")]
    [InlineData("[null]")]
    [InlineData("""{"data": null}""")]
    public async Task FetchAsync_NotFoundShape_ReturnsNullWithoutWarning(string body)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", body);

        var row = await host.Client.FetchAsync("req-1", _around);

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Null(row);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task FetchAsync_RowOfAnotherRequest_ReturnsNull()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-other")));

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Null(row);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"error": {"message": "Start date and end date are required", "type": "bad_request", "param": "None", "code": "400"}}""", 1)]
    [InlineData(HttpStatusCode.Unauthorized, """{"error": {"message": "Authentication Error", "type": "auth_error", "param": "None", "code": "401"}}""", 1)]
    [InlineData(HttpStatusCode.Forbidden, """{"detail": {"error": "team scope"}}""", 1)]
    [InlineData(HttpStatusCode.NotFound, """{"detail": "Not Found"}""", 1)]
    [InlineData(HttpStatusCode.UnprocessableEntity, """{"detail": [{"loc": ["query", "page_size"], "msg": "too big", "type": "value_error"}]}""", 1)]
    [InlineData(HttpStatusCode.TooManyRequests, """{"error": {"message": "rate limited"}}""", 4)]
    [InlineData(HttpStatusCode.InternalServerError, "Internal Server Error", 4)]
    [InlineData(HttpStatusCode.ServiceUnavailable, """{"error": {"message": "no_db_connection"}}""", 4)]
    public async Task FetchAsync_ErrorStatus_ReturnsNullAfterRetriesAndLogsWarningWithStatus(HttpStatusCode status, string body, int expectedAttempts)
    {
        using var host = SpendLogTestHost.Create();
        var request = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(status, "application/json", body);

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Null(row);
        Assert.Equal(expectedAttempts, host.Http.GetMatchCount(request));
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1001);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), warning.Message, StringComparison.Ordinal);
        Assert.Contains("req-1", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_TransientFailureThenSuccess_ReturnsRowAfterRetry()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(HttpStatusCode.BadGateway);
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-1")));

        var row = await host.Client.FetchAsync("req-1", _around);

        host.Http.VerifyNoOutstandingExpectation();
        Assert.NotNull(row);
    }

    [Fact]
    public async Task FetchAsync_RetriesTurnedOffInCode_TriesOnce()
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var request = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(HttpStatusCode.InternalServerError);

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Null(row);
        Assert.Equal(1, host.Http.GetMatchCount(request));
    }

    [Fact]
    public async Task FetchAsync_ResilienceSectionMaxRetryAttempts_RetriesThatOften()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:Resilience:Retry:MaxRetryAttempts"] = "1" });
        var request = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(HttpStatusCode.InternalServerError);

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Null(row);
        Assert.Equal(2, host.Http.GetMatchCount(request));
    }

    [Fact]
    public async Task FetchAsync_AttemptTimeouts_ReturnsNullAndLogsTimeout()
    {
        using var host = SpendLogTestHost.Create();
        var request = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Throw(new TimeoutRejectedException());

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Null(row);
        Assert.Equal(4, host.Http.GetMatchCount(request));
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1002);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("timeout", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_CancellationNotFromCaller_ReturnsNull()
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Throw(new TaskCanceledException("inner timeout"));

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Null(row);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1002 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task FetchAsync_NetworkFailure_ReturnsNullAndLogsWarning()
    {
        using var host = SpendLogTestHost.Create();
        var request = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (litellm.test:443)"));

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Null(row);
        Assert.Equal(4, host.Http.GetMatchCount(request));
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1002);
        Assert.Contains("network failure", warning.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(warning.Exception);
    }

    [Fact]
    public async Task FetchAsync_CallerCanceledBeforehand_ThrowsOperationCanceled()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", "[]");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var fetch = host.Client.FetchAsync("req-1", _around, cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
    }

    [Fact]
    public async Task FetchAsync_CallerCancelsWhileInFlight_ThrowsOperationCanceled()
    {
        using var host = SpendLogTestHost.Create();
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(new HangingHandler(started));

        var fetch = host.Client.FetchAsync("req-1", _around, cts.Token);
        await started.Task;
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Level >= LogLevel.Warning && r.Id.Id is 1001 or 1002);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("""{"data": [""")]
    [InlineData("\"a string\"")]
    [InlineData("""{"error": {"message": "unexpected"}}""")]
    [InlineData("""{"data": {"request_id": "req-1"}}""")]
    public async Task FetchAsync_MalformedBody_ReturnsNullAndLogsWarning(string body)
    {
        using var host = SpendLogTestHost.Create();
        var answer = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", body);

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Null(row);
        Assert.Equal(4, host.Http.GetMatchCount(answer));   // the first try and the pipeline's 3 retries
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1004);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("200", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_MalformedRowBesideGoodOne_SkipsItAndReturnsGoodRow()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(
            "application/json",
            SpendLogJson.Envelope("""{"request_id": "req-1", "spend": -1, "startTime": "2026-08-06T14:30:00Z"}""", SpendLogJson.Row("req-1", 0.25m)));

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Equal(0.25m, row?.Spend);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1005 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task FetchAsync_ResponseLargerThanMax_ReturnsNullAndLogsWarning()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:MaxResponseBytes"] = "1024" });
        var rows = SpendLogJson.Rows("req-", 0, 10).Append(SpendLogJson.Row("req-1"));
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", SpendLogJson.Envelope(rows));

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Null(row);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1003);
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Fact]
    public async Task FetchAsync_StreamedResponseLargerThanMax_ReturnsNull()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:MaxResponseBytes"] = "1024" });
        var body = System.Text.Encoding.UTF8.GetBytes(SpendLogJson.Envelope(SpendLogJson.Rows("req-", 0, 10)));
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond(_ => new StreamContent(new UnseekableStream(body)));

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Null(row);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1003);
    }

    [Fact]
    public async Task FetchAsync_Disabled_ReturnsNullWithoutRequest()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?>
        {
            ["UsageAnalytics:Enabled"] = "false",
            ["UsageAnalytics:LiteLLM:BaseUrl"] = null,
            ["UsageAnalytics:LiteLLM:ApiKey"] = null,
        });
        var request = host.Http.When("*").Respond("application/json", "[]");

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Null(row);
        Assert.Equal(0, host.Http.GetMatchCount(request));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task FetchAsync_BlankRequestId_ThrowsArgumentException(string? requestId)
    {
        using var host = SpendLogTestHost.Create();

        var fetch = () => host.Client.FetchAsync(requestId!, _around);

        await Assert.ThrowsAnyAsync<ArgumentException>(fetch);
    }

    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
