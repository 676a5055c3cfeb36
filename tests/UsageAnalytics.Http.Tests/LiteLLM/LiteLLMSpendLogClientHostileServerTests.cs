using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;
using UsageAnalytics.Fuzz;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

/// <summary>The client against servers that misbehave on purpose: redirects, slow bodies, long Retry-After, endless pages, forged logs.</summary>
public sealed class LiteLLMSpendLogClientHostileServerTests
{
    private static readonly DateTimeOffset Around = new(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);

    private static readonly SpendLogQuery Window = new() { From = Around.AddHours(-1), To = Around.AddHours(1) };

    [Fact]
    public async Task LookupAsync_RedirectToOtherOrigin_FailsAsRedirectedNamingHostAndKeyNeverLeaves()
    {
        await using var other = new RawHttpServer(static (_, stream, ct) => RawHttpServer.WriteAsync(stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"data\":[]}", ct));
        await using var proxy = new RawHttpServer((_, stream, ct) => RawHttpServer.WriteAsync(stream,
            $"HTTP/1.1 302 Found\r\nLocation: {other.BaseUrl}/spend/logs/v2?stolen=1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct));
        using var host = RealTransportHost.Create(proxy.BaseUrl);

        var lookup = await host.Client.LookupAsync("req-1", Around);

        Assert.Equal(SpendLogLookupStatus.Failed, lookup.Status);
        Assert.Equal(SpendLogFailureKind.Redirected, lookup.FailureKind);
        Assert.Equal(HttpStatusCode.Found, lookup.StatusCode);
        Assert.Contains("127.0.0.1:" + other.Port.ToString(CultureInfo.InvariantCulture), lookup.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SpendLogTestHost.ApiKey, lookup.Message, StringComparison.Ordinal);
        Assert.Contains(proxy.Requests, r => r.Contains("x-litellm-api-key: " + SpendLogTestHost.ApiKey, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(other.Requests, r => r.Contains("x-litellm-api-key", StringComparison.OrdinalIgnoreCase) || r.Contains("Authorization", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task ListAsync_RedirectToOtherOrigin_ThrowsRedirected()
    {
        await using var proxy = new RawHttpServer(static (_, stream, ct) => RawHttpServer.WriteAsync(stream,
            "HTTP/1.1 308 Permanent Redirect\r\nLocation: http://evil.example:8443/spend/logs/v2\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct));
        using var host = RealTransportHost.Create(proxy.BaseUrl);

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(async () => await host.Client.ListAsync(Window).ToListAsync());

        Assert.Equal(SpendLogFailureKind.Redirected, error.Kind);
        Assert.Equal(HttpStatusCode.PermanentRedirect, error.StatusCode);
        Assert.Contains("evil.example:8443", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_RedirectToSameOrigin_IsReportedNotFollowed()
    {
        await using var proxy = new RawHttpServer(static (head, stream, ct) => RawHttpServer.WriteAsync(stream, head.StartsWith("GET /moved", StringComparison.Ordinal)
            ? "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"data\":[]}"
            : "HTTP/1.1 301 Moved Permanently\r\nLocation: /moved/spend/logs/v2\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct));
        using var host = RealTransportHost.Create(proxy.BaseUrl);

        var lookup = await host.Client.LookupAsync("req-1", Around);

        Assert.Equal(SpendLogFailureKind.Redirected, lookup.FailureKind);
        Assert.Equal(HttpStatusCode.MovedPermanently, lookup.StatusCode);
        Assert.Contains("the same host", lookup.Message, StringComparison.Ordinal);
        Assert.Single(proxy.Requests);
    }

    /// <summary>Sends the headers at once, then one byte every 200 ms of a body that would take minutes.</summary>
    internal static async Task DribbleBodyAsync(string head, Stream stream, CancellationToken cancellationToken)
    {
        await RawHttpServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n", cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            await RawHttpServer.WriteAsync(stream, " ", cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await Task.Delay(200, cancellationToken);
        }
    }

    [Fact]
    public async Task LookupAsync_BodyDribbledAfterHeaders_FailsWithTimeoutWithinTotalTime()
    {
        await using var proxy = new RawHttpServer(DribbleBodyAsync);
        using var host = RealTransportHost.Create(proxy.BaseUrl, timeoutSeconds: 2);
        var clock = Stopwatch.StartNew();

        var lookup = await host.Client.LookupAsync("req-1", Around).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"took {clock.Elapsed}");
        Assert.Equal(SpendLogLookupStatus.Failed, lookup.Status);
        Assert.Equal(SpendLogFailureKind.Timeout, lookup.FailureKind);
    }

    [Fact]
    public async Task ListAsync_BodyDribbledAfterHeaders_ThrowsTimeoutWithinTotalTime()
    {
        await using var proxy = new RawHttpServer(DribbleBodyAsync);
        using var host = RealTransportHost.Create(proxy.BaseUrl, timeoutSeconds: 2);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(
            async () => await host.Client.ListAsync(Window).ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"took {clock.Elapsed}");
        Assert.Equal(SpendLogFailureKind.Timeout, error.Kind);
    }

    public static TheoryData<string> LongRetryAfters => new()
    {
        "5000000",
        "86400",
        DateTimeOffset.UnixEpoch.AddYears(100).ToString("r", CultureInfo.InvariantCulture),
    };

    private static HttpResponseMessage TooManyRequests(string retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent("""{"error": {"message": "slow down", "type": "rate_limit", "param": "None", "code": "429"}}""", Encoding.UTF8, "application/json"),
        };
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }

    [Theory]
    [InlineData("""{"error":{"message":"\ud800 bad"}}""")]
    [InlineData("""{"detail":"\udc00"}""")]
    [InlineData("""{"\ud800":1,"error":"x"}""")]
    public async Task ErrorBodyWithALoneSurrogate_IsAFailureNotAnException(string body)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });

        var fetched = await host.Client.FetchAsync("req-1", Around);
        var lookup = await host.Client.LookupAsync("req-1", Around);
        var listing = await Assert.ThrowsAsync<SpendLogRequestException>(async () =>
        {
            await foreach (var _ in host.Client.ListAsync(Window))
            {
            }
        });

        Assert.Null(fetched);
        Assert.Equal((SpendLogFailureKind.HttpStatus, HttpStatusCode.BadRequest), (lookup.FailureKind!.Value, lookup.StatusCode!.Value));
        Assert.Equal(HttpStatusCode.BadRequest, listing.StatusCode);
    }

    [Theory]
    [MemberData(nameof(LongRetryAfters))]
    public async Task LookupAsync_RetryAfterLongerThanCap_FailsFastWithStatusAndDelay(string retryAfter)
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:TimeoutSeconds"] = "5" });
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ => TooManyRequests(retryAfter));
        var clock = Stopwatch.StartNew();

        var lookup = await host.Client.LookupAsync("req-1", Around).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(SpendLogFailureKind.HttpStatus, lookup.FailureKind);
        Assert.Equal(HttpStatusCode.TooManyRequests, lookup.StatusCode);
        Assert.True(lookup.RetryAfter > TimeSpan.FromHours(1), $"RetryAfter {lookup.RetryAfter}");
        Assert.Contains("slow down", lookup.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetryAfter", lookup.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LongRetryAfters))]
    public async Task ListAsync_RetryAfterLongerThanCap_ThrowsAtOnceWithStatusAndDelay(string retryAfter)
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:TimeoutSeconds"] = "5" });
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ => TooManyRequests(retryAfter));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(
            async () => await host.Client.ListAsync(Window).ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Equal(SpendLogFailureKind.HttpStatus, error.Kind);
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.True(error.RetryAfter > TimeSpan.FromHours(1), $"RetryAfter {error.RetryAfter}");
    }

    [Fact]
    public async Task LookupAsync_RetryAfterWithinCap_WaitsThenRetries()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:MaxRetryAfter"] = "00:00:05" });
        var arrivals = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            arrivals.Add(clock.Elapsed);
            return TooManyRequests("1");
        });
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            arrivals.Add(clock.Elapsed);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(SpendLogJson.Envelope(SpendLogJson.Row("req-1")), Encoding.UTF8, "application/json") };
        });

        var lookup = await host.Client.LookupAsync("req-1", Around).WaitAsync(TimeSpan.FromSeconds(30));

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(SpendLogLookupStatus.Found, lookup.Status);
        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromMilliseconds(900), $"retried after {arrivals[1] - arrivals[0]}");
    }

    public static TheoryData<string, string> EndlessPages => new()
    {
        { "identical", SpendLogJson.Envelope(SpendLogJson.Rows("req-", 0, 5)) },
        { "nulls", """{"data": [null, null, null, null, null]}""" },
        { "malformed", """{"data": [{"request_id": "a", "spend": "x"}, {"spend": {}}, {"request_id": 1}, 5, "row"]}""" },
    };

    [Theory]
    [MemberData(nameof(EndlessPages))]
    public async Task ListAsync_ServerIgnoresPageAndSendsFullPagesForever_StopsWithBoundedRequestsAndLogs(string name, string page)
    {
        using var host = SpendLogTestHost.Create();
        var requests = 0;
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            Interlocked.Increment(ref requests);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(page, Encoding.UTF8, "application/json") };
        });

        var rows = await host.Client.ListAsync(Window with { PageSize = 5 }).ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(requests <= 4, $"{name}: {requests} requests");
        Assert.True(rows.Count <= 5, $"{name}: {rows.Count} rows");
        var records = host.Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).ToList();
        Assert.True(records.Count <= requests + 1, $"{name}: {records.Count} warnings for {requests} pages");
        Assert.Contains(records, r => r.Id.Id is 1009 or 1012);
    }

    [Fact]
    public async Task ListAsync_PagesOfMalformedRows_LogsOneSummaryPerPageWithCount()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json",
            """{"data": [{"request_id": "a", "spend": "x"}, {"request_id": "b", "spend": "y"}, {"request_id": "c", "spend": "z"}]}""");

        await host.Client.ListAsync(Window with { PageSize = 3 }).ToListAsync();

        var summaries = host.Logs.GetSnapshot().Where(r => r.Id.Id == 1005).ToList();
        Assert.Equal(3, summaries.Count);
        Assert.All(summaries, r => Assert.Equal("3", r.GetStructuredStateValue("Count")));
    }

    [Fact]
    public async Task LookupAsync_ErrorMessageWithLineBreaksAndOneMegabyte_LogsOneBoundedLineWithoutKey()
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var forged = "denied\r\n2026-08-06 warn: FORGED ENTRY api_key=" + SpendLogTestHost.ApiKey + "\n" + new string('x', 1024 * 1024);
        var body = System.Text.Json.JsonSerializer.Serialize(new { error = new { message = forged, type = "auth_error" } });
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(HttpStatusCode.InternalServerError, "application/json", body);

        var lookup = await host.Client.LookupAsync("req-\r\nforged", Around);

        var record = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1001);
        Assert.DoesNotContain('\n', record.Message);
        Assert.DoesNotContain('\r', record.Message);
        Assert.True(record.Message.Length < 1000, $"{record.Message.Length} characters");
        Assert.Contains("denied\\r\\n", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', lookup.Message!);
        Assert.True(lookup.Message!.Length < 1000, $"{lookup.Message.Length} characters");
        Assert.DoesNotContain(SpendLogTestHost.ApiKey[..20], host.AllLogText(), StringComparison.Ordinal);
    }
}

/// <summary>Rows the fuzzer found that Core's row parser rejects with exceptions other than SpendLogFormatException.</summary>
public sealed class LiteLLMSpendLogClientFuzzRegressionTests
{
    private static readonly DateTimeOffset Around = new(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);

    public static TheoryData<string, string> OddRows => new()
    {
        // A lone surrogate escape: System.Text.Json throws InvalidOperationException when it is read.
        { "lone-surrogate-value", SpendLogJson.Row("req-1").Replace("\"acompletion\"", "\"\\ud800acompletion\"", StringComparison.Ordinal) },
        { "lone-surrogate-name", SpendLogJson.Row("req-1").Replace("\"completion_tokens\"", "\"\\ud800completion_tokens\"", StringComparison.Ordinal) },
        // Duplicate keys in metadata: JsonObject throws ArgumentException.
        { "duplicate-metadata-keys", SpendLogJson.Row("req-1").Replace("{\"user_api_key_alias\": \"team-a\"}", "{\"user_api_key_alias\": \"a\", \"user_api_key_alias\": \"b\"}", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(OddRows))]
    public async Task LookupAndList_RowCoreCannotRead_TreatedAsMalformedNotThrown(string name, string row)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", SpendLogJson.Envelope(row, SpendLogJson.Row("req-2")));

        var lookup = await host.Client.LookupAsync("req-1", Around);
        var listed = await host.Client.ListAsync(new SpendLogQuery { From = Around.AddHours(-1), To = Around.AddHours(1) }).ToListAsync();

        Assert.True(lookup.Status == SpendLogLookupStatus.Failed || lookup.Entry?.RequestId == "req-1", name);
        Assert.Contains(listed, r => r.RequestId == "req-2");
    }
}
