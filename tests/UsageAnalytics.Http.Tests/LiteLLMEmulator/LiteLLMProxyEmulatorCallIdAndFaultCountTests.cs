using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>Lookups by LiteLLM's call id (newer builds, PR 39068) and the counters of injected faults.</summary>
public sealed class LiteLLMProxyEmulatorCallIdAndFaultCountTests
{
    private static readonly DateTimeOffset _day = new(2026, 8, 6, 0, 0, 0, TimeSpan.Zero);
    private const string Window = "start_date=2026-08-06%2000:00:00&end_date=2026-08-06%2023:59:59";
    private const string CallId = "5b7c1f0e-9a0d-4c1e-8f2a-3b4c5d6e7f80";

    [Fact]
    public async Task V2_RequestIdIsTheCallId_ReturnsTheRowKeyedByTheProviderId()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = [WithCallId()] });
        using var http = Client(emulator);

        var byCallId = await GetJsonAsync(http, "spend/logs/v2?" + Window + "&request_id=" + CallId);
        var byProviderId = await GetJsonAsync(http, "spend/logs/v2?" + Window + "&request_id=chatcmpl-abc");

        var row = Assert.Single(byCallId["data"]!.AsArray())!;
        Assert.Equal("chatcmpl-abc", (string?)row["request_id"]);
        Assert.Equal(CallId, (string?)row["litellm_call_id"]);
        Assert.Equal(1, (int)byCallId["total"]!);
        Assert.Single(byProviderId["data"]!.AsArray());
    }

    [Fact]
    public async Task V1_RequestIdIsTheCallId_ReturnsTheRow()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = [WithCallId()] });
        using var http = Client(emulator);

        var rows = JsonNode.Parse(await http.GetStringAsync("spend/logs?request_id=" + CallId))!.AsArray();

        Assert.Equal("chatcmpl-abc", (string?)Assert.Single(rows)!["request_id"]);
    }

    [Fact]
    public async Task OldBuild_RequestIdIsTheCallId_FindsNothing()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = [WithCallId()], OldBuild = true });
        using var http = Client(emulator);

        var page = await GetJsonAsync(http, "spend/logs/v2?" + Window + "&request_id=" + CallId);
        var v1 = JsonNode.Parse(await http.GetStringAsync("spend/logs?request_id=" + CallId))!.AsArray();

        Assert.Empty(page["data"]!.AsArray());
        Assert.Null(Assert.Single(v1)); // old builds answer [null]
    }

    [Fact]
    public async Task RowWithoutCallId_IsWrittenWithoutTheField()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = [LiteLLMProxyEmulatorTests.Row("r1", _day.AddHours(1))] });
        using var http = Client(emulator);

        var row = (await GetJsonAsync(http, "spend/logs/v2?" + Window))["data"]![0]!.AsObject();

        Assert.False(row.ContainsKey("litellm_call_id"));
    }

    [Fact]
    public async Task InjectedFaults_CountsEachKindOnce()
    {
        var rows = Enumerable.Range(0, 10).Select(i => LiteLLMProxyEmulatorTests.Row("r" + i, _day.AddMinutes(i))).ToArray();
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = rows });
        using var http = Client(emulator);

        // Requests 2 and 4 are rate limited, 3 is a 500; the others are served.
        emulator.Faults = new EmulatorFaults { RateLimitEveryNth = 2, ServerErrorEveryNth = 3 };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await http.GetAsync("spend/logs/v2?" + Window);
            statuses.Add(response.StatusCode);
        }

        emulator.Faults = new EmulatorFaults { NullBodyFraction = 1 };
        await http.GetStringAsync("spend/logs/v2?" + Window);
        emulator.Faults = new EmulatorFaults { BrokenBodyFraction = 1, MalformedRowFraction = 1 };
        await http.GetStringAsync("spend/logs/v2?" + Window);
        emulator.Faults = new EmulatorFaults { MalformedRowFraction = 1 };
        await http.GetStringAsync("spend/logs/v2?" + Window + "&page_size=4");
        using var unauthenticated = new HttpClient { BaseAddress = emulator.BaseUrl };
        using var rejected = await unauthenticated.GetAsync("spend/logs/v2?" + Window);

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError, HttpStatusCode.TooManyRequests, HttpStatusCode.OK],
            statuses);
        Assert.Equal(
            new EmulatorFaultCounts { RateLimited = 2, ServerErrors = 1, NullBodies = 1, BrokenBodies = 1, MalformedRows = 4 },
            emulator.InjectedFaults);
        Assert.Equal(9, emulator.InjectedFaults.Total);
        Assert.Equal(8, emulator.SpendLogRequests);
        Assert.Equal(9, emulator.RequestCount);
    }

    [Fact]
    public async Task InjectedFaults_NoDatabase_IsCounted()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Faults = new EmulatorFaults { NoDatabase = true } });
        using var http = Client(emulator);

        using var response = await http.GetAsync("spend/logs/v2?" + Window);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, emulator.InjectedFaults.NoDatabase);
    }

    private static SpendLogRow WithCallId() =>
        LiteLLMProxyEmulatorTests.Row("chatcmpl-abc", _day.AddHours(3)) with { LiteLLMCallId = CallId };

    private static HttpClient Client(LiteLLMProxyEmulator emulator)
    {
        var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
        return http;
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient http, string url) =>
        JsonNode.Parse(await http.GetStringAsync(url))!;
}
