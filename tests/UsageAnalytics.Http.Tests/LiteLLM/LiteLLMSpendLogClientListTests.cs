using System.Net;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Costs;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

public sealed class LiteLLMSpendLogClientListTests
{
    private static readonly SpendLogQuery _window = new()
    {
        From = new DateTimeOffset(2026, 8, 6, 10, 0, 0, 700, TimeSpan.Zero),
        To = new DateTimeOffset(2026, 8, 6, 13, 0, 0, 200, TimeSpan.FromHours(2)),
    };

    [Fact]
    public async Task ListAsync_PagesUntilShortPage_IgnoringCappedTotals()
    {
        using var host = SpendLogTestHost.Create();
        var query = _window with { PageSize = 2 };
        for (var page = 1; page <= 3; page++)
        {
            var rows = page < 3 ? SpendLogJson.Rows("req-", (page - 1) * 2, 2) : SpendLogJson.Rows("req-", 4, 1);
            host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
                .WithQueryString("start_date", "2026-08-06 10:00:00")
                .WithQueryString("end_date", "2026-08-06 11:00:01")
                .WithQueryString("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithQueryString("page_size", "2")
                .WithHeaders("Authorization", "Bearer " + SpendLogTestHost.ApiKey)
                .WithHeaders("x-litellm-api-key", SpendLogTestHost.ApiKey)
                .Respond("application/json", SpendLogJson.Envelope(rows, total: 2, page: page, pageSize: 2, totalPages: 1));
        }

        var rowsRead = await ToListAsync(host.Client.ListAsync(query));

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(["req-0", "req-1", "req-2", "req-3", "req-4"], rowsRead.Select(r => r.RequestId));
    }

    [Fact]
    public async Task ListAsync_NoPageSizeInQuery_UsesConfiguredPageSize()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:PageSize"] = "25" });
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .WithQueryString("page", "1")
            .WithQueryString("page_size", "25")
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Rows("req-", 0, 24)));

        var rows = await ToListAsync(host.Client.ListAsync(_window));

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(24, rows.Count);
    }

    [Fact]
    public async Task ListAsync_DefaultPageSize_Is100()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .WithQueryString("page_size", "100")
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Rows("req-", 0, 3)));

        var rows = await ToListAsync(host.Client.ListAsync(_window));

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public async Task ListAsync_AllFilters_SentAsLiteLLMQueryParameters()
    {
        using var host = SpendLogTestHost.Create();
        var query = _window with
        {
            RequestId = "req-9",
            UserId = "user-1",
            TeamId = "team-1",
            Model = "gpt-4o",
            KeyAlias = "alias-1",
            SessionId = "session-1",
            Status = "failure",
            ApiKeyHash = "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
            EndUser = "end-user-1",
        };
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .WithExactQueryString(new Dictionary<string, string>
            {
                ["start_date"] = "2026-08-06 10:00:00",
                ["end_date"] = "2026-08-06 11:00:01",
                ["page"] = "1",
                ["page_size"] = "100",
                ["request_id"] = "req-9",
                ["user_id"] = "user-1",
                ["team_id"] = "team-1",
                ["model"] = "gpt-4o",
                ["key_alias"] = "alias-1",
                ["session_id"] = "session-1",
                ["status_filter"] = "failure",
                ["api_key"] = "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
                ["end_user"] = "end-user-1",
            })
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-9")));

        var rows = await ToListAsync(host.Client.ListAsync(query));

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Single(rows);
    }

    [Fact]
    public async Task ListAsync_RowsRepeatedAcrossPages_YieldsEachRequestIdOnce()
    {
        using var host = SpendLogTestHost.Create();
        var query = _window with { PageSize = 2 };
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("page", "1")
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-a"), SpendLogJson.Row("req-b")));
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("page", "2")
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-b"), SpendLogJson.Row("req-c")));
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("page", "3")
            .Respond("application/json", SpendLogJson.Envelope());

        var rows = await ToListAsync(host.Client.ListAsync(query));

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(["req-a", "req-b", "req-c"], rows.Select(r => r.RequestId));
    }

    [Fact]
    public async Task ListAsync_ProxyIgnoresPaging_StopsAfterThreeFullPagesOfRepeatsAndWarns()
    {
        using var host = SpendLogTestHost.Create();
        var request = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-a"), SpendLogJson.Row("req-b")));

        var rows = await ToListAsync(host.Client.ListAsync(_window with { PageSize = 2 }));

        Assert.Equal(["req-a", "req-b"], rows.Select(r => r.RequestId));
        Assert.Equal(4, host.Http.GetMatchCount(request));   // page 1, then 3 pages of repeats (the barren-page limit)
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1009 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task ListAsync_MalformedRow_IsSkippedLoggedAndCountsTowardPageSize()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("page", "1")
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-a"), """{"spend": 1, "no_request_id": true}""", "null"));
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("page", "2")
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-b")));

        var rows = await ToListAsync(host.Client.ListAsync(_window with { PageSize = 3 }));

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(["req-a", "req-b"], rows.Select(r => r.RequestId));
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1005 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task ListAsync_PageFailsAfterRetries_ThrowsSpendLogRequestExceptionWithStatusAfterEarlierRows()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("page", "1")
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-a"), SpendLogJson.Row("req-b")));
        var page2 = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).WithQueryString("page", "2")
            .Respond(HttpStatusCode.InternalServerError);
        var rows = new List<SpendLogEntry>();

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(async () =>
        {
            await foreach (var row in host.Client.ListAsync(_window with { PageSize = 2 }))
            {
                rows.Add(row);
            }
        });

        Assert.Equal((SpendLogFailureKind.HttpStatus, HttpStatusCode.InternalServerError), (error.Kind, error.StatusCode));
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<UsageAnalyticsException>(error);
        Assert.Equal(2, rows.Count);
        Assert.Equal(4, host.Http.GetMatchCount(page2));
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1007 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task ListAsync_NetworkFailure_ThrowsSpendLogRequestExceptionWithoutStatus()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Throw(new HttpRequestException("Connection refused"));

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(() => ToListAsync(host.Client.ListAsync(_window)));

        Assert.Equal((SpendLogFailureKind.Network, null), (error.Kind, error.StatusCode));
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"detail": "unexpected"}""")]
    public async Task ListAsync_MalformedPage_ThrowsSpendLogRequestException(string body)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", body);

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(() => ToListAsync(host.Client.ListAsync(_window)));

        Assert.Equal((SpendLogFailureKind.MalformedResponse, HttpStatusCode.OK), (error.Kind, error.StatusCode));
    }

    [Fact]
    public async Task ListAsync_OversizedPage_ThrowsSpendLogRequestException()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:MaxResponseBytes"] = "1024" });
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Rows("req-", 0, 10)));

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(() => ToListAsync(host.Client.ListAsync(_window)));

        Assert.Equal(SpendLogFailureKind.ResponseTooLarge, error.Kind);
        Assert.Contains("1024", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListAsync_ToBeforeFrom_ThrowsArgumentException()
    {
        using var host = SpendLogTestHost.Create();
        var query = _window with { To = _window.From.AddSeconds(-1) };

        var list = () => host.Client.ListAsync(query);

        Assert.Throws<ArgumentException>(list);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void ListAsync_PageSizeOutOfRange_ThrowsArgumentOutOfRange(int pageSize)
    {
        using var host = SpendLogTestHost.Create();

        var list = () => host.Client.ListAsync(_window with { PageSize = pageSize });

        Assert.Throws<ArgumentOutOfRangeException>(list);
    }

    [Fact]
    public void ListAsync_V1Path_ThrowsNotSupported()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:SpendLogPath"] = "/spend/logs" });

        var list = () => host.Client.ListAsync(_window);

        Assert.Throws<NotSupportedException>(list);
    }

    [Fact]
    public void ListAsync_Disabled_ThrowsInvalidOperation()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:Enabled"] = "false" });

        var list = () => host.Client.ListAsync(_window);

        Assert.Throws<InvalidOperationException>(list);
    }

    [Fact]
    public async Task ListAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Rows("req-", 0, 2)));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var list = () => ToListAsync(host.Client.ListAsync(_window, cts.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(list);
    }

    private static async Task<List<SpendLogEntry>> ToListAsync(IAsyncEnumerable<SpendLogEntry> rows)
    {
        var list = new List<SpendLogEntry>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }

        return list;
    }
}
