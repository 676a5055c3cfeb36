using System.Net;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

/// <summary>A 200 answer with a cut-off or malformed body is a transport fault: retried like a 5xx, within the same bounds.</summary>
public sealed class MalformedBodyRetryTests
{
    private static readonly DateTimeOffset Around = new(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);

    private static readonly SpendLogQuery Window = new() { From = Around.AddHours(-1), To = Around.AddHours(1), PageSize = 10 };

    [Fact]
    public async Task LookupAsync_CutOffBodyThenGoodBody_FoundAfterOneRetry()
    {
        using var host = SpendLogTestHost.Create();
        var good = SpendLogJson.Envelope(SpendLogJson.Row("req-1"));
        var answers = new Queue<string>([good[..(good.Length / 2)], good]);
        var requests = 0;
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            requests++;
            return Json(answers.Dequeue());
        });

        var lookup = await host.Client.LookupAsync("req-1", Around);

        Assert.Equal(SpendLogLookupStatus.Found, lookup.Status);
        Assert.Equal("req-1", lookup.Entry!.RequestId);
        Assert.Equal(2, requests);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id == 1004);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 6)]
    public async Task LookupAsync_AlwaysCutOff_MalformedResponseAfterExactlyTheConfiguredRetries(int retries, int expectedRequests)
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?>
        {
            ["UsageAnalytics:LiteLLM:Resilience:Retry:MaxRetryAttempts"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var answer = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", """{"data": [{"request_id": "req-1", "spe""");

        var lookup = await host.Client.LookupAsync("req-1", Around);

        Assert.Equal((SpendLogLookupStatus.Failed, SpendLogFailureKind.MalformedResponse, HttpStatusCode.OK), (lookup.Status, lookup.FailureKind, lookup.StatusCode));
        Assert.Equal(expectedRequests, host.Http.GetMatchCount(answer));
        Assert.StartsWith("The response from /spend/logs/v2 was malformed: ", lookup.Message, StringComparison.Ordinal);
        Assert.Contains("LineNumber: 0", lookup.Message, StringComparison.Ordinal);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1004);
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Fact]
    public async Task FetchAsync_AlwaysNotJson_NullNotNetwork()
    {
        using var host = SpendLogTestHost.Create();
        var answer = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("text/html", "<html>502 Bad Gateway</html>");

        var row = await host.Client.FetchAsync("req-1", Around);

        Assert.Null(row);
        Assert.Equal(4, host.Http.GetMatchCount(answer));
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 1004);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id == 1002);
    }

    [Theory]
    [InlineData("[null]", SpendLogLookupStatus.NotFound)]
    [InlineData("[]", SpendLogLookupStatus.NotFound)]
    [InlineData("""{"data": null}""", SpendLogLookupStatus.NotFound)]
    [InlineData("""{"data": [], "total": 0, "page": 1, "page_size": 50, "total_pages": 0, "total_is_capped": false, "new_field": {"x": [1, 2]}}""", SpendLogLookupStatus.NotFound)]
    [InlineData("""{"data": [{"request_id": "req-1", "spend": "oops"}]}""", SpendLogLookupStatus.Failed)]
    [InlineData("""{"data": [{"request_id": "other", "spend": "oops"}, [1, 2]], "total": 2}""", SpendLogLookupStatus.Failed)]
    [InlineData("""{"data": [{"request_id": "other", "spend": "oops"}]}""", SpendLogLookupStatus.NotFound)]
    public async Task LookupAsync_ValidAnswer_IsNeverRetried(string body, SpendLogLookupStatus expected)
    {
        using var host = SpendLogTestHost.Create();
        var answer = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", body);

        var lookup = await host.Client.LookupAsync("req-1", Around);

        Assert.Equal(expected, lookup.Status);
        Assert.NotEqual(SpendLogFailureKind.MalformedResponse, lookup.FailureKind);
        Assert.Equal(1, host.Http.GetMatchCount(answer));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task LookupAsync_ErrorStatusWithNonJsonBody_IsNotValidatedOrRetried(HttpStatusCode status)
    {
        using var host = SpendLogTestHost.Create();
        var answer = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(status, "text/plain", "{ not json");

        var lookup = await host.Client.LookupAsync("req-1", Around);

        Assert.Equal((SpendLogFailureKind.HttpStatus, status), (lookup.FailureKind, lookup.StatusCode));
        Assert.Equal(1, host.Http.GetMatchCount(answer));
        Assert.Contains("LiteLLM says: { not json", lookup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_CutOffPageThenGoodPage_ListsEveryRowAfterOneRetry()
    {
        using var host = SpendLogTestHost.Create();
        var good = SpendLogJson.Envelope(SpendLogJson.Rows("req-", 0, 3));
        var answers = new Queue<string>([good[..40], good]);
        var requests = 0;
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            requests++;
            return Json(answers.Dequeue());
        });

        var rows = new List<string>();
        await foreach (var row in host.Client.ListAsync(Window))
        {
            rows.Add(row.RequestId);
        }

        Assert.Equal(["req-0", "req-1", "req-2"], rows);
        Assert.Equal(2, requests);
    }

    [Fact]
    public async Task ListAsync_AlwaysCutOff_ThrowsMalformedResponseWithTheReason()
    {
        using var host = SpendLogTestHost.Create();
        var answer = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", """{"data": [""");

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(async () =>
        {
            await foreach (var _ in host.Client.ListAsync(Window))
            {
            }
        });

        Assert.Equal((SpendLogFailureKind.MalformedResponse, HttpStatusCode.OK), (error.Kind, error.StatusCode));
        Assert.Equal(4, host.Http.GetMatchCount(answer));
        Assert.StartsWith("The spend-log page 1 of window 2026-08-06 13:30:00 to 2026-08-06 15:30:00 at /spend/logs/v2 was malformed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_CutOffBodiesCountForTheCircuitBreaker_OpenCircuitAfterMinimumThroughput()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?>
        {
            ["UsageAnalytics:LiteLLM:Resilience:CircuitBreaker:MinimumThroughput"] = "4",
            ["UsageAnalytics:LiteLLM:Resilience:Retry:MaxRetryAttempts"] = "1",
        });
        var answer = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", "[{");

        var first = await host.Client.LookupAsync("req-1", Around);
        var second = await host.Client.LookupAsync("req-1", Around);
        var third = await host.Client.LookupAsync("req-1", Around);

        Assert.Equal(SpendLogFailureKind.MalformedResponse, first.FailureKind);
        Assert.Equal(SpendLogFailureKind.MalformedResponse, second.FailureKind);
        Assert.Equal(SpendLogFailureKind.CircuitOpen, third.FailureKind);
        Assert.Equal(4, host.Http.GetMatchCount(answer));
    }

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
}
