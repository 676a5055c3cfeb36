using System.Net;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;
using RichardSzalay.MockHttp;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

public sealed class LiteLLMSpendLogClientLookupTests
{
    private const string MalformedSpend =
        """{"request_id": "req-1", "call_type": "acompletion", "spend": "oops", "startTime": "2026-08-06T14:30:00Z", "endTime": "2026-08-06T14:30:01Z"}""";

    private const string MalformedWithoutRequestId =
        """{"call_type": "acompletion", "spend": 0.1, "startTime": "2026-08-06T14:30:00Z", "endTime": "2026-08-06T14:30:01Z"}""";

    private static readonly DateTimeOffset _around = new(2026, 8, 6, 14, 30, 15, TimeSpan.Zero);

    [Fact]
    public async Task LookupAsync_MatchingRow_ReturnsFound()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .WithQueryString("request_id", "req-1")
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-1", 0.25m)));

        var lookup = await host.Client.LookupAsync("req-1", _around);

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(SpendLogLookupStatus.Found, lookup.Status);
        Assert.Equal(0.25m, lookup.Entry?.Spend);
        Assert.Equal((null, null, null), (lookup.FailureKind, lookup.StatusCode, lookup.Message));
    }

    [Theory]
    [InlineData("""{"data": [], "total": 0, "page": 1, "page_size": 50, "total_pages": 0}""")]
    [InlineData("""{"data": null}""")]
    [InlineData("[]")]
    [InlineData("[null]")]
    public async Task LookupAsync_CleanlyEmptyAnswer_ReturnsNotFoundWithoutWarning(string body)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", body);

        var lookup = await host.Client.LookupAsync("req-1", _around);

        Assert.Same(SpendLogLookup.NotFound, lookup);
        Assert.Null(lookup.Entry);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task LookupAsync_OnlyRowsOfOtherRequests_ReturnsNotFound()
    {
        using var host = SpendLogTestHost.Create();
        var malformedOther = MalformedSpend.Replace("req-1", "req-other", StringComparison.Ordinal);
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-2"), malformedOther));

        var lookup = await host.Client.LookupAsync("req-1", _around);

        Assert.Equal(SpendLogLookupStatus.NotFound, lookup.Status);
    }

    [Fact]
    public async Task LookupAsync_RequestedRowMalformed_ReturnsFailedMalformed()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", SpendLogJson.Envelope(MalformedSpend));

        var lookup = await host.Client.LookupAsync("req-1", _around);

        Assert.Equal(SpendLogLookupStatus.Failed, lookup.Status);
        Assert.Equal(SpendLogFailureKind.MalformedSpendLog, lookup.FailureKind);
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Null(lookup.Entry);
        Assert.Contains("malformed", lookup.Message, StringComparison.Ordinal);
        Assert.Contains("spend", lookup.Message, StringComparison.Ordinal);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1011 && r.Level == LogLevel.Warning);
    }

    [Theory]
    [InlineData(MalformedWithoutRequestId)]
    [InlineData("""["req-1"]""")]
    [InlineData("""{"request_id": "", "spend": 0.1}""")]
    public async Task LookupAsync_MalformedRowWithoutReadableRequestIdAndNoMatch_ReturnsFailedMalformed(string row)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", SpendLogJson.Envelope(row));

        var lookup = await host.Client.LookupAsync("req-1", _around);

        Assert.Equal((SpendLogLookupStatus.Failed, SpendLogFailureKind.MalformedSpendLog), (lookup.Status, lookup.FailureKind));
        Assert.Contains("request id", lookup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_MalformedRowWithoutRequestIdBesideMatch_ReturnsFound()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond("application/json", SpendLogJson.Envelope(MalformedWithoutRequestId, SpendLogJson.Row("req-1", 0.5m)));

        var lookup = await host.Client.LookupAsync("req-1", _around);

        Assert.Equal(SpendLogLookupStatus.Found, lookup.Status);
        Assert.Equal(0.5m, lookup.Entry?.Spend);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task LookupAsync_ErrorStatus_ReturnsFailedWithStatusCode(HttpStatusCode status)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(status, "application/json", """{"error": {"message": "nope"}}""");

        var lookup = await host.Client.LookupAsync("req-1", _around);

        Assert.Equal((SpendLogLookupStatus.Failed, SpendLogFailureKind.HttpStatus), (lookup.Status, lookup.FailureKind));
        Assert.Equal(status, lookup.StatusCode);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), lookup.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SpendLogTestHost.ApiKey, lookup.Message, StringComparison.Ordinal);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1001 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task LookupAsync_AttemptTimeouts_ReturnsFailedTimeout()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Throw(new TimeoutRejectedException());

        var lookup = await host.Client.LookupAsync("req-1", _around);

        Assert.Equal((SpendLogLookupStatus.Failed, SpendLogFailureKind.Timeout), (lookup.Status, lookup.FailureKind));
        Assert.Null(lookup.StatusCode);
        Assert.Contains("timeout", lookup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_NetworkFailure_ReturnsFailedNetwork()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (litellm.test:443)"));

        var lookup = await host.Client.LookupAsync("req-1", _around);

        Assert.Equal((SpendLogLookupStatus.Failed, SpendLogFailureKind.Network), (lookup.Status, lookup.FailureKind));
        Assert.Null(lookup.StatusCode);
        Assert.Contains("ConnectionError", lookup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_CircuitOpen_ReturnsFailedCircuitOpen()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Throw(new BrokenCircuitException("open"));

        var lookup = await host.Client.LookupAsync("req-1", _around);

        Assert.Equal((SpendLogLookupStatus.Failed, SpendLogFailureKind.CircuitOpen), (lookup.Status, lookup.FailureKind));
        Assert.Contains("circuit open", lookup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_ResponseLargerThanMax_ReturnsFailedTooLarge()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:MaxResponseBytes"] = "1024" });
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Rows("req-", 0, 10)));

        var lookup = await host.Client.LookupAsync("req-1", _around);

        Assert.Equal((SpendLogLookupStatus.Failed, SpendLogFailureKind.ResponseTooLarge), (lookup.Status, lookup.FailureKind));
        Assert.Null(lookup.StatusCode);
        Assert.Contains("1024", lookup.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("""{"data": [""")]
    [InlineData("""{"error": {"message": "unexpected"}}""")]
    [InlineData("""{"data": {"request_id": "req-1"}}""")]
    public async Task LookupAsync_MalformedBody_ReturnsFailedMalformed(string body)
    {
        using var host = SpendLogTestHost.Create();
        var answer = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", body);

        var lookup = await host.Client.LookupAsync("req-1", _around);

        Assert.Equal((SpendLogLookupStatus.Failed, SpendLogFailureKind.MalformedResponse), (lookup.Status, lookup.FailureKind));
        Assert.Equal(4, host.Http.GetMatchCount(answer));   // retried like a 5xx: the first try and 3 retries
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1004 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task LookupAsync_Disabled_ThrowsInvalidOperationWithoutRequest()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?>
        {
            ["UsageAnalytics:Enabled"] = "false",
            ["UsageAnalytics:LiteLLM:BaseUrl"] = null,
            ["UsageAnalytics:LiteLLM:ApiKey"] = null,
        });
        var request = host.Http.When("*").Respond("application/json", "[]");

        var lookup = () => host.Client.LookupAsync("req-1", _around);

        await Assert.ThrowsAsync<InvalidOperationException>(lookup);
        Assert.Equal(0, host.Http.GetMatchCount(request));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task LookupAsync_BlankRequestId_ThrowsArgumentException(string? requestId)
    {
        using var host = SpendLogTestHost.Create();

        var lookup = () => host.Client.LookupAsync(requestId!, _around);

        await Assert.ThrowsAnyAsync<ArgumentException>(lookup);
    }

    [Fact]
    public async Task FetchAsync_RequestedRowMalformed_ReturnsNullAndLogsWarning()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", SpendLogJson.Envelope(MalformedSpend));

        var row = await host.Client.FetchAsync("req-1", _around);

        Assert.Null(row);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1011 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public void Failed_UndefinedKindOrBlankMessage_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpendLogLookup.Failed((SpendLogFailureKind)999, "why"));
        Assert.ThrowsAny<ArgumentException>(() => SpendLogLookup.Failed(SpendLogFailureKind.Timeout, " "));
        Assert.Throws<ArgumentNullException>(() => SpendLogLookup.Found(null!));
    }
}
