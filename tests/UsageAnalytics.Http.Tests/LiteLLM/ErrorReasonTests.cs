using System.Net;
using System.Text;
using RichardSzalay.MockHttp;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

/// <summary>Every non-success answer's error message carries LiteLLM's own reason, shortened and free of the key.</summary>
public sealed class ErrorReasonTests
{
    private static readonly DateTimeOffset Around = new(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);

    private static readonly SpendLogQuery Window = new() { From = Around.AddHours(-1), To = Around.AddHours(1), PageSize = 50 };

    /// <summary>Each body shape of LITELLM.md, with the reason the message must quote.</summary>
    public static TheoryData<HttpStatusCode, string, string> Shapes => new()
    {
        {
            HttpStatusCode.Unauthorized,
            """{"error": {"message": "Authentication Error, Invalid proxy server token passed. valid_token=None.", "type": "auth_error", "param": "None", "code": "401"}}""",
            "LiteLLM says: Authentication Error, Invalid proxy server token passed. valid_token=None."
        },
        {
            HttpStatusCode.Forbidden,
            """{"detail": {"error": "Only proxy admins can view global spend; this key belongs to team-a."}}""",
            "LiteLLM says: Only proxy admins can view global spend; this key belongs to team-a."
        },
        {
            HttpStatusCode.NotFound,
            """{"detail": "Not Found"}""",
            "LiteLLM says: Not Found"
        },
        {
            HttpStatusCode.BadRequest,
            """{"detail": "Start date and end date are required"}""",
            "LiteLLM says: Start date and end date are required"
        },
        {
            HttpStatusCode.UnprocessableEntity,
            """{"detail": [{"type": "datetime_from_date_parsing", "loc": ["query", "start_date"], "msg": "Input should be a valid datetime", "input": "x"}, {"type": "missing", "loc": ["query", "end_date"], "msg": "Field required"}]}""",
            "LiteLLM says: query.start_date: Input should be a valid datetime; query.end_date: Field required"
        },
        {
            HttpStatusCode.TooManyRequests,
            """{"error": {"message": "Rate limit exceeded. Try again later.", "type": "throttling_error", "param": "None", "code": "429"}}""",
            "LiteLLM says: Rate limit exceeded. Try again later."
        },
        {
            HttpStatusCode.InternalServerError,
            "Internal Server Error",
            "LiteLLM says: Internal Server Error"
        },
        {
            HttpStatusCode.ServiceUnavailable,
            """{"error": {"message": "Database not connected. Connect a database to your proxy.", "type": "no_db_connection", "param": "None", "code": "503"}}""",
            "LiteLLM says: Database not connected. Connect a database to your proxy."
        },
        {
            HttpStatusCode.InternalServerError,
            "\"Internal error: spend table missing\"",
            "LiteLLM says: Internal error: spend table missing"
        },
        {
            HttpStatusCode.BadRequest,
            """{"message": "Invalid sort_by"}""",
            "LiteLLM says: Invalid sort_by"
        },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task LookupAsync_ErrorBody_MessageQuotesTheReason(HttpStatusCode status, string body, string expected)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(status, "application/json", body);

        var lookup = await host.Client.LookupAsync("req-1", Around);

        Assert.Equal((SpendLogFailureKind.HttpStatus, status), (lookup.FailureKind, lookup.StatusCode));
        Assert.Equal($"LiteLLM answered HTTP {(int)status} ({status}) at /spend/logs/v2: {Sentence(expected)}", lookup.Message);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 1001 && r.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task ListAsync_ErrorBody_ExceptionQuotesTheReason(HttpStatusCode status, string body, string expected)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(status, "application/json", body);

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(() => DrainAsync(host.Client.ListAsync(Window)));

        Assert.Equal((SpendLogFailureKind.HttpStatus, status), (error.Kind, error.StatusCode));
        Assert.Equal(
            $"LiteLLM answered HTTP {(int)status} ({status}) for spend-log page 1 of window 2026-08-06 13:30:00 to 2026-08-06 15:30:00 at /spend/logs/v2: {Sentence(expected)}",
            error.Message);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 1007 && r.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task LookupAsync_V1ErrorBody_MessageQuotesTheReason(HttpStatusCode status, string body, string expected)
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:SpendLogPath"] = "/spend/logs" });
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V1Url).Respond(status, "application/json", body);

        var lookup = await host.Client.LookupAsync("req-1", Around);

        Assert.Equal($"LiteLLM answered HTTP {(int)status} ({status}) at /spend/logs: {Sentence(expected)}", lookup.Message);
    }

    [Fact]
    public async Task ListAsync_422ForPageSize_NamesTheOptionToChange()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(
            HttpStatusCode.UnprocessableEntity,
            "application/json",
            """{"detail": [{"type": "less_than_equal", "loc": ["query", "page_size"], "msg": "Input should be less than or equal to 100", "input": "500", "ctx": {"le": 100}}]}""");

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(() => DrainAsync(host.Client.ListAsync(Window with { PageSize = 500 })));

        Assert.EndsWith(
            ": LiteLLM says: query.page_size: Input should be less than or equal to 100; the proxy refuses the page size: set UsageAnalytics:LiteLLM:PageSize (or SpendLogQuery.PageSize) to 100 or less.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"detail": [{"msg": "Input should be less than or equal to 100", "type": "less_than_equal"}]}""", 500, "to 100 or less")]
    [InlineData("""{"detail": [{"loc": ["query", "page_size"], "msg": "Input should be less than or equal to 500"}]}""", 1000, "to 500 or less")]
    [InlineData("""{"detail": [{"loc": ["query", "page_size"], "msg": "Input should be a valid integer"}]}""", 50, "to 100 or less")]
    [InlineData("""{"detail": "page_size must be <= 100"}""", 200, "to 100 or less")]
    public async Task ListAsync_422AboutPageSizeInOtherWords_StillNamesTheOption(string body, int pageSize, string limit)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(HttpStatusCode.UnprocessableEntity, "application/json", body);

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(() => DrainAsync(host.Client.ListAsync(Window with { PageSize = pageSize })));

        Assert.Contains("set UsageAnalytics:LiteLLM:PageSize (or SpendLogQuery.PageSize) " + limit, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"detail": [{"loc": ["query", "start_date"], "msg": "Input should be less than or equal to 2030"}]}""", 50)]
    [InlineData("""{"detail": "Invalid sort_by"}""", 500)]
    public async Task ListAsync_422AboutSomethingElse_NoPageSizeAdvice(string body, int pageSize)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(HttpStatusCode.UnprocessableEntity, "application/json", body);

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(() => DrainAsync(host.Client.ListAsync(Window with { PageSize = pageSize })));

        Assert.Contains("LiteLLM says: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PageSize", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"error": {"message": "Invalid key: sk-test-SECRET-9f8e7d6c5b4a", "type": "auth_error", "param": "None", "code": "401"}}""", "LiteLLM says: Invalid key: ***")]
    [InlineData("""{"detail": [{"loc": ["header", "x-litellm-api-key"], "msg": "Key sk-test-SECRET-9f8e7d6c5b4a is blocked", "input": "sk-test-SECRET-9f8e7d6c5b4a"}]}""", "LiteLLM says: header.x-litellm-api-key: Key *** is blocked")]
    [InlineData("""{"detail": {"error": "Bearer sk-test-SECRET-9f8e7d6c5b4a not allowed"}}""", "LiteLLM says: Bearer *** not allowed")]
    [InlineData("""key=sk-test-SECRET-9f8e7d6c5b4a; denied""", "LiteLLM says: key=***; denied")]
    public async Task LookupAndList_KeyEchoedInTheReason_ReplacedEverywhere(string body, string expected)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(HttpStatusCode.Unauthorized, "application/json", body);

        var lookup = await host.Client.LookupAsync("req-1", Around);
        var error = await Assert.ThrowsAsync<SpendLogRequestException>(() => DrainAsync(host.Client.ListAsync(Window)));

        Assert.Contains(expected, lookup.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SpendLogTestHost.ApiKey, lookup.Message + error.Message + host.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_LongReason_ShortenedTo200CharactersAndEscaped()
    {
        using var host = SpendLogTestHost.Create();
        var reason = "line one\nline two " + new string('x', 1000);
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(
            HttpStatusCode.BadRequest, "application/json", "{\"detail\": " + System.Text.Json.JsonSerializer.Serialize(reason) + "}");

        var lookup = await host.Client.LookupAsync("req-1", Around);

        Assert.Contains("LiteLLM says: line one\\nline two xxx", lookup.Message, StringComparison.Ordinal);
        Assert.Contains(new string('x', 182) + "….", lookup.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 183), lookup.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", lookup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_HugeValidationList_StaysShort()
    {
        using var host = SpendLogTestHost.Create();
        var items = string.Join(",", Enumerable.Range(0, 1_000).Select(i => $$"""{"loc": ["query", "f{{i}}"], "msg": "bad"}"""));
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(HttpStatusCode.UnprocessableEntity, "application/json", "{\"detail\": [" + items + "]}");

        var lookup = await host.Client.LookupAsync("req-1", Around);

        Assert.Contains("LiteLLM says: query.f0: bad; query.f1: bad; ", lookup.Message, StringComparison.Ordinal);
        Assert.True(lookup.Message!.Length < 400, lookup.Message);
    }

    [Fact]
    public async Task LookupAsync_RedirectWithJsonReason_QuotesIt()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect)
            {
                Content = new StringContent("""{"detail": "Moved to the new admin host"}""", Encoding.UTF8, "application/json"),
            };
            response.Headers.Location = new Uri("https://admin.example/spend/logs/v2");
            return response;
        });

        var lookup = await host.Client.LookupAsync("req-1", Around);

        Assert.Equal((SpendLogFailureKind.Redirected, HttpStatusCode.TemporaryRedirect), (lookup.FailureKind, lookup.StatusCode));
        Assert.Equal(
            "LiteLLM answered HTTP 307 (RedirectKeepVerb) at /spend/logs/v2: a redirect to host admin.example, which is not followed (the key goes only to UsageAnalytics:LiteLLM:BaseUrl's origin: set it to the final address); LiteLLM says: Moved to the new admin host.",
            lookup.Message);
    }

    [Fact]
    public async Task LookupAsync_RedirectWithHtmlStub_NamesOnlyTheTarget()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.MovedPermanently)
            {
                Content = new StringContent("<html><body>Moved</body></html>", Encoding.UTF8, "text/html"),
            };
            response.Headers.Location = new Uri("https://admin.example/");
            return response;
        });

        var lookup = await host.Client.LookupAsync("req-1", Around);

        Assert.EndsWith("set it to the final address).", lookup.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LiteLLM says", lookup.Message, StringComparison.Ordinal);
    }

    private static async Task DrainAsync(IAsyncEnumerable<SpendLogEntry> rows)
    {
        await foreach (var _ in rows)
        {
        }
    }

    /// <summary>The client ends a reason with exactly one full stop: never "passed..".</summary>
    private static string Sentence(string reason) => reason.EndsWith('.') ? reason : reason + ".";
}
