using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Costs;

namespace UsageAnalytics.LiteLLMEmulator;

public sealed class LiteLLMProxyEmulatorTests
{
    private static readonly DateTimeOffset _day = new(2026, 8, 6, 0, 0, 0, TimeSpan.Zero);
    private const string Window = "start_date=2026-08-06%2000:00:00&end_date=2026-08-06%2023:59:59";

    [Fact]
    public async Task StartAsync_Default_BindsLoopbackOnAFreePort()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync();

        Assert.Equal("127.0.0.1", emulator.BaseUrl.Host);
        Assert.NotEqual(0, emulator.BaseUrl.Port);
        Assert.Equal(EmulatorOptions.DefaultApiKey, emulator.ApiKey);
    }

    [Fact]
    public async Task V2_NoKey_Returns401WithLiteLLMErrorBody()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };

        using var response = await http.GetAsync("spend/logs/v2?" + Window);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("auth_error", (string?)error["type"]);
        Assert.Equal("401", (string?)error["code"]);
        Assert.Equal("None", (string?)error["param"]);
        Assert.Contains("No api key", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2_WrongKey_Returns401WithoutEchoingTheKey()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-wrong-key-123");

        using var response = await http.GetAsync("spend/logs/v2?" + Window);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("sk-wrong-key-123", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization", "Bearer {0}")]
    [InlineData("x-litellm-api-key", "{0}")]
    [InlineData("x-litellm-api-key", "Bearer {0}")]
    public async Task V2_KeyInAnyAcceptedHeader_Returns200(string header, string format)
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        http.DefaultRequestHeaders.TryAddWithoutValidation(header, string.Format(format, emulator.ApiKey));

        using var response = await http.GetAsync("spend/logs/v2?" + Window);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task V2_AuthorizationWithoutBearer_Returns401()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", emulator.ApiKey);

        using var response = await http.GetAsync("spend/logs/v2?" + Window);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("request_id=r1")]
    [InlineData("request_id=r1&start_date=2026-08-06%2000:00:00")]
    [InlineData("end_date=2026-08-06%2000:00:00")]
    public async Task V2_MissingDates_Returns400EvenWithRequestId(string query)
    {
        await using var emulator = await StartWithRowsAsync(Row("r1", _day.AddHours(10)));
        using var http = Client(emulator);

        using var response = await http.GetAsync("spend/logs/v2?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("Start date and end date are required", (string?)error["message"]);
    }

    [Theory]
    [InlineData("2026-08-06T00:00:00Z")]
    [InlineData("2026-08-06T00:00:00")]
    [InlineData("06/08/2026")]
    public async Task V2_IsoOrOtherDateFormat_Returns400(string start)
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync();
        using var http = Client(emulator);

        using var response = await http.GetAsync($"spend/logs/v2?start_date={Uri.EscapeDataString(start)}&end_date=2026-08-07");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task V2_PageSizeOverMaximum_Returns422FastApiDetail()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync();
        using var http = Client(emulator);

        using var response = await http.GetAsync("spend/logs/v2?" + Window + "&page_size=101");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.AsArray().Single()!;
        Assert.Equal(["query", "page_size"], detail["loc"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("less_than_equal", (string?)detail["type"]);
        Assert.Contains("100", (string?)detail["msg"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=abc")]
    [InlineData("page_size=0")]
    public async Task V2_InvalidPageParameter_Returns422(string parameter)
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync();
        using var http = Client(emulator);

        using var response = await http.GetAsync("spend/logs/v2?" + Window + "&" + parameter);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task V2_Paging_SplitsNewestFirstWithEnvelope()
    {
        var rows = Enumerable.Range(0, 5).Select(i => Row("r" + i, _day.AddHours(1 + i))).ToArray();
        await using var emulator = await StartWithRowsAsync(rows);
        using var http = Client(emulator);

        var first = await GetJsonAsync(http, "spend/logs/v2?" + Window + "&page=1&page_size=2");
        var last = await GetJsonAsync(http, "spend/logs/v2?" + Window + "&page=3&page_size=2");
        var beyond = await GetJsonAsync(http, "spend/logs/v2?" + Window + "&page=4&page_size=2");

        Assert.Equal(["r4", "r3"], Ids(first));
        Assert.Equal(5, (int)first["total"]!);
        Assert.Equal(1, (int)first["page"]!);
        Assert.Equal(2, (int)first["page_size"]!);
        Assert.Equal(3, (int)first["total_pages"]!);
        Assert.False((bool)first["total_is_capped"]!);
        Assert.Equal(["r0"], Ids(last));
        Assert.Empty(Ids(beyond));
    }

    [Fact]
    public async Task V2_DefaultPageSize_Is50()
    {
        var rows = Enumerable.Range(0, 60).Select(i => Row("r" + i, _day.AddMinutes(i))).ToArray();
        await using var emulator = await StartWithRowsAsync(rows);
        using var http = Client(emulator);

        var page = await GetJsonAsync(http, "spend/logs/v2?" + Window);

        Assert.Equal(50, Ids(page).Count);
        Assert.Equal(50, (int)page["page_size"]!);
    }

    [Fact]
    public async Task V2_MoreRowsThanCap_CapsTotalButNotRows()
    {
        var rows = Enumerable.Range(0, 5).Select(i => Row("r" + i, _day.AddHours(1 + i))).ToArray();
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = rows, TotalCap = 3 });
        using var http = Client(emulator);

        var page = await GetJsonAsync(http, "spend/logs/v2?" + Window + "&page=2&page_size=2");

        Assert.Equal(3, (int)page["total"]!);
        Assert.True((bool)page["total_is_capped"]!);
        Assert.Equal(2, (int)page["total_pages"]!);
        Assert.Equal(["r2", "r1"], Ids(page));
    }

    [Fact]
    public async Task V2_OldBuild_OmitsTotalIsCapped()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { OldBuild = true });
        using var http = Client(emulator);

        var page = await GetJsonAsync(http, "spend/logs/v2?" + Window);

        Assert.False(page.AsObject().ContainsKey("total_is_capped"));
    }

    [Fact]
    public async Task V2_Window_IsInclusiveAndDateOnlyEndMeansStartOfDay()
    {
        await using var emulator = await StartWithRowsAsync(
            Row("at-start", _day), Row("at-end", _day.AddDays(1).AddSeconds(-1)), Row("next-day", _day.AddDays(1).AddHours(1)));
        using var http = Client(emulator);

        var inclusive = await GetJsonAsync(http, "spend/logs/v2?start_date=2026-08-06&end_date=2026-08-06%2023:59:59");
        var dateOnlyEnd = await GetJsonAsync(http, "spend/logs/v2?start_date=2026-08-06&end_date=2026-08-07");

        Assert.Equal(["at-end", "at-start"], Ids(inclusive));
        Assert.Equal(["at-end", "at-start"], Ids(dateOnlyEnd));
    }

    [Fact]
    public async Task V2_UnknownRequestId_Returns200WithEmptyData()
    {
        await using var emulator = await StartWithRowsAsync(Row("r1", _day.AddHours(1)));
        using var http = Client(emulator);

        var page = await GetJsonAsync(http, "spend/logs/v2?" + Window + "&request_id=nope");

        Assert.Empty(Ids(page));
        Assert.Equal(0, (int)page["total"]!);
    }

    [Fact]
    public async Task V2_Filters_MatchLiteLLMSemantics()
    {
        await using var emulator = await StartWithRowsAsync(
            Row("a", _day.AddHours(1)) with { Status = null, SessionId = "sess-abc-1", Metadata = new JsonObject { ["user_api_key_alias"] = "support-prod" } },
            Row("b", _day.AddHours(2)) with
            {
                Status = "failure",
                User = "u2",
                TeamId = "t2",
                Model = "gpt-4o",
                Metadata = new JsonObject { ["error_information"] = new JsonObject { ["error_code"] = "429", ["error_message"] = "RateLimitError: slow down" } },
            },
            Row("c", _day.AddHours(3)) with { EndUser = "customer-9" });
        using var http = Client(emulator);

        Assert.Equal(["c", "a"], Ids(await GetJsonAsync(http, "spend/logs/v2?" + Window + "&status_filter=success")));
        Assert.Equal(["b"], Ids(await GetJsonAsync(http, "spend/logs/v2?" + Window + "&status_filter=failure")));
        Assert.Equal(["a"], Ids(await GetJsonAsync(http, "spend/logs/v2?" + Window + "&key_alias=support")));
        Assert.Equal(["a"], Ids(await GetJsonAsync(http, "spend/logs/v2?" + Window + "&session_id=abc")));
        Assert.Equal(["b"], Ids(await GetJsonAsync(http, "spend/logs/v2?" + Window + "&user_id=u2&team_id=t2&model=gpt-4o")));
        Assert.Equal(["c"], Ids(await GetJsonAsync(http, "spend/logs/v2?" + Window + "&end_user=customer-9")));
        Assert.Equal(["b"], Ids(await GetJsonAsync(http, "spend/logs/v2?" + Window + "&request_id=b")));
        Assert.Equal(["b"], Ids(await GetJsonAsync(http, "spend/logs/v2?" + Window + "&error_code=429&error_message=slow")));
        Assert.Empty(Ids(await GetJsonAsync(http, "spend/logs/v2?" + Window + "&error_code=500")));
        Assert.Equal(["c", "a"], Ids(await GetJsonAsync(http, "spend/logs/v2?" + Window + "&min_spend=0.0005&max_spend=0.0015&user_id=u1&status_filter=success")));
        Assert.Empty(Ids(await GetJsonAsync(http, "spend/logs/v2?" + Window + "&max_spend=0.0005")));
    }

    [Fact]
    public async Task V2_SortBySpendAscending_OrdersRows()
    {
        await using var emulator = await StartWithRowsAsync(
            Row("mid", _day.AddHours(1)) with { Spend = 0.5 },
            Row("low", _day.AddHours(2)) with { Spend = 0.1 },
            Row("high", _day.AddHours(3)) with { Spend = 0.9 });
        using var http = Client(emulator);

        var page = await GetJsonAsync(http, "spend/logs/v2?" + Window + "&sort_by=spend&sort_order=asc");
        using var bad = await http.GetAsync("spend/logs/v2?" + Window + "&sort_by=user");

        Assert.Equal(["low", "mid", "high"], Ids(page));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task V2_RowQuirks_AreWrittenAsLiteLLMDoes()
    {
        await using var emulator = await StartWithRowsAsync(
            Row("r1", _day.AddHours(1).AddTicks(1234560)) with
            {
                Spend = 3.4e-05,
                TimestampStyle = SpendLogTimestampStyle.Naive,
                MetadataAsString = true,
                RequestTagsAsString = true,
                RequestTags = ["env:prod"],
                Metadata = new JsonObject { ["user_api_key_alias"] = "k" },
                ExtraFields = new JsonObject { ["brand_new_field"] = 1 },
            },
            Row("r2", _day.AddHours(2)) with { Spend = 0.1 + 0.2, TimestampStyle = SpendLogTimestampStyle.IsoZulu },
            Row("r3", _day.AddHours(3)) with { Spend = 0 });
        using var http = Client(emulator);

        var text = await http.GetStringAsync("spend/logs/v2?" + Window);

        Assert.Contains("\"spend\":3.4e-05", text, StringComparison.Ordinal);
        Assert.Contains("\"spend\":0.30000000000000004", text, StringComparison.Ordinal);
        Assert.Contains("\"spend\":0.0,", text, StringComparison.Ordinal);
        Assert.Contains("\"startTime\":\"2026-08-06 01:00:00.123456\"", text, StringComparison.Ordinal);
        Assert.Contains("\"startTime\":\"2026-08-06T02:00:00.000000Z\"", text, StringComparison.Ordinal);
        Assert.Contains("\"startTime\":\"2026-08-06T03:00:00.000000+00:00\"", text, StringComparison.Ordinal);
        Assert.Contains("\"metadata\":\"{", text, StringComparison.Ordinal);
        Assert.Contains("\"request_tags\":\"[\\\"env:prod\\\"]\"", text, StringComparison.Ordinal);
        Assert.Contains("\"brand_new_field\":1", text, StringComparison.Ordinal);
        var parsed = JsonDocument.Parse(text).RootElement.GetProperty("data").EnumerateArray().Select(SpendLogEntry.Parse).ToList();
        Assert.Equal(3.4e-05m, parsed.Single(r => r.RequestId == "r1").Spend);
        Assert.Equal(["env:prod"], parsed.Single(r => r.RequestId == "r1").RequestTags);
        Assert.Equal("k", parsed.Single(r => r.RequestId == "r1").KeyAlias);
    }

    [Fact]
    public async Task V1_RequestId_ReturnsBareArrayWithoutDates()
    {
        await using var emulator = await StartWithRowsAsync(Row("r1", _day.AddHours(1)), Row("r2", _day.AddHours(2)));
        using var http = Client(emulator);

        var found = JsonNode.Parse(await http.GetStringAsync("spend/logs?request_id=r2"))!.AsArray();
        var missing = await http.GetStringAsync("spend/logs?request_id=nope");

        Assert.Equal("r2", (string?)found.Single()!["request_id"]);
        Assert.Equal("[]", missing);
    }

    [Fact]
    public async Task V1_OldBuildUnknownRequestId_ReturnsArrayOfNull()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync();
        using var http = Client(emulator);
        emulator.OldBuild = true;

        var missing = await http.GetStringAsync("spend/logs?request_id=nope");

        Assert.Equal("[null]", missing);
    }

    [Fact]
    public async Task V1_DatesWithDefaultSummarize_ReturnsDailyTotalsExcludingEndDay()
    {
        await using var emulator = await StartWithRowsAsync(
            Row("a", _day.AddHours(1)) with { Spend = 0.25 },
            Row("b", _day.AddHours(2)) with { Spend = 0.5 },
            Row("c", _day.AddDays(1).AddHours(1)) with { Spend = 1 });
        using var http = Client(emulator);

        var days = JsonNode.Parse(await http.GetStringAsync("spend/logs?start_date=2026-08-06&end_date=2026-08-07"))!.AsArray();

        var day = Assert.Single(days)!;
        Assert.Equal("2026-08-06", (string?)day["startTime"]);
        Assert.Equal(0.75, (double)day["spend"]!);
    }

    [Fact]
    public async Task VisibilityDelay_RowAppearsOnlyAfterTheBatchWriterDelay()
    {
        var time = new FakeTimeProvider(_day.AddHours(12));
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions
        {
            TimeProvider = time,
            VisibilityDelay = TimeSpan.FromSeconds(60),
            Rows = [Row("fresh", _day.AddHours(12).AddSeconds(-10))],
        });
        using var http = Client(emulator);

        var before = await GetJsonAsync(http, "spend/logs/v2?" + Window + "&request_id=fresh");
        time.Advance(TimeSpan.FromSeconds(50));
        var after = await GetJsonAsync(http, "spend/logs/v2?" + Window + "&request_id=fresh");

        Assert.Empty(Ids(before));
        Assert.Equal(["fresh"], Ids(after));
    }

    [Fact]
    public async Task Faults_RateLimitEveryNth_Answers429WithRetryAfter()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions
        {
            Faults = new EmulatorFaults { RateLimitEveryNth = 2, RetryAfterSeconds = 3 },
        });
        using var http = Client(emulator);

        using var first = await http.GetAsync("spend/logs/v2?" + Window);
        using var second = await http.GetAsync("spend/logs/v2?" + Window);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), second.Headers.RetryAfter?.Delta);
        Assert.Equal("429", (string?)JsonNode.Parse(await second.Content.ReadAsStringAsync())!["error"]!["code"]);
    }

    [Fact]
    public async Task Faults_FlippedAtRunTime_TakeEffectAndClear()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync();
        using var http = Client(emulator);

        emulator.Faults = new EmulatorFaults { ServerErrorFraction = 1 };
        using var failing = await http.GetAsync("spend/logs/v2?" + Window);
        emulator.Faults = EmulatorFaults.None;
        using var healthy = await http.GetAsync("spend/logs/v2?" + Window);

        Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(2, emulator.RequestCount);
    }

    [Theory]
    [InlineData(false, HttpStatusCode.ServiceUnavailable, "no_db_connection")]
    [InlineData(true, HttpStatusCode.Unauthorized, "auth_error")]
    public async Task Faults_NoDatabase_AnswersAsTheBuildDoes(bool oldBuild, HttpStatusCode expected, string type)
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions
        {
            OldBuild = oldBuild,
            Faults = new EmulatorFaults { NoDatabase = true },
        });
        using var http = Client(emulator);

        using var response = await http.GetAsync("spend/logs/v2?" + Window);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(type, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["type"]);
    }

    [Fact]
    public async Task Faults_NullBody_AnswersArrayOfNull()
    {
        await using var emulator = await StartWithRowsAsync(Row("r1", _day.AddHours(1)));
        using var http = Client(emulator);
        emulator.Faults = new EmulatorFaults { NullBodyFraction = 1 };

        var text = await http.GetStringAsync("spend/logs/v2?" + Window);

        Assert.Equal("[null]", text);
    }

    [Fact]
    public async Task Faults_BrokenBody_IsNotValidJson()
    {
        await using var emulator = await StartWithRowsAsync(Row("r1", _day.AddHours(1)));
        using var http = Client(emulator);
        emulator.Faults = new EmulatorFaults { BrokenBodyFraction = 1 };

        var text = await http.GetStringAsync("spend/logs/v2?" + Window);

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task Faults_MalformedRows_AreDeterministicAndUnparseable()
    {
        var rows = Enumerable.Range(0, 40).Select(i => Row("r" + i, _day.AddMinutes(i))).ToArray();
        await using var emulator = await StartWithRowsAsync(rows);
        using var http = Client(emulator);
        emulator.Faults = new EmulatorFaults { MalformedRowFraction = 0.5, Seed = 11 };

        var first = await http.GetStringAsync("spend/logs/v2?" + Window + "&page_size=100");
        var second = await http.GetStringAsync("spend/logs/v2?" + Window + "&page_size=100");

        Assert.Equal(first, second);
        var data = JsonDocument.Parse(first).RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(40, data.Count);
        var broken = data.Count(row => !TryParse(row));
        Assert.InRange(broken, 8, 32);
    }

    [Fact]
    public async Task AddRows_WhileRunning_AreServed()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync();
        using var http = Client(emulator);

        emulator.AddRow(Row("late", _day.AddHours(5)));
        var page = await GetJsonAsync(http, "spend/logs/v2?" + Window);
        emulator.ClearRows();
        var cleared = await GetJsonAsync(http, "spend/logs/v2?" + Window);

        Assert.Equal(["late"], Ids(page));
        Assert.Empty(Ids(cleared));
        Assert.Equal(0, emulator.RowCount);
    }

    internal static SpendLogRow Row(string id, DateTimeOffset start) => new()
    {
        RequestId = id,
        Spend = 0.001,
        PromptTokens = 10,
        CompletionTokens = 20,
        StartTime = start,
        EndTime = start.AddSeconds(1),
        Model = "gpt-4o-mini",
        Provider = "openai",
        User = "u1",
        TeamId = "t1",
        Status = "success",
    };

    private static async Task<LiteLLMProxyEmulator> StartWithRowsAsync(params SpendLogRow[] rows) =>
        await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = rows });

    private static HttpClient Client(LiteLLMProxyEmulator emulator)
    {
        var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
        return http;
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient http, string url) =>
        JsonNode.Parse(await http.GetStringAsync(url))!;

    private static List<string?> Ids(JsonNode page) =>
        page["data"]!.AsArray().Select(row => (string?)row!["request_id"]).ToList();

    private static bool TryParse(JsonElement row)
    {
        try
        {
            SpendLogEntry.Parse(row);
            return true;
        }
        catch (SpendLogFormatException)
        {
            return false;
        }
    }
}
