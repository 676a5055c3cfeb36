using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace UsageAnalytics.Sample;

/// <summary>
/// <c>--spend-logs</c> end to end: six hand-made LiteLLM rows (one without a request id) in each of the three file
/// formats, summarized with <c>--json --time-zone America/Los_Angeles --now 2026-08-07T06:59:30Z</c>.
/// </summary>
/// <remarks>
/// The rows, in UTC and in Los Angeles (PDT, UTC−7):
/// a1 gpt-4o 08-06 03:30Z = 08-05 20:30, 2000 ms, ttft 500 ms, 100+50 tokens, 0.0015 USD, cache "False";
/// a2 gpt-4o 08-06 16:00Z = 08-06 09:00, 1000 ms, not streamed (no ttft), 200+100, 0.003, cache "None";
/// a2_cache_hit gpt-4o 08-06 16:05Z = 09:05, 10 ms, 200+100, spend 0, cache "True";
/// (no request_id: malformed, line 4 / index 3);
/// f4 claude failure 08-06 17:00Z = 10:00, 0 tokens, spend 0, cache null;
/// a5 claude 08-07 06:59Z = 08-06 23:59, 3000 ms, ttft 1000 ms, 300+30, 4.2e-04, no cache field.
/// "Now" 08-06 23:59:30 local: the hour bucket holding it ends at 08-07 00:00 local (07:00Z).
/// </remarks>
public sealed class SpendLogFileTests : IDisposable
{
    private const string Now = "2026-08-07T06:59:30Z";

    private static readonly string[] _rows =
    [
        """{"request_id":"chatcmpl-a1","call_type":"acompletion","api_key":"88dc28d0","spend":0.0015,"total_tokens":150,"prompt_tokens":100,"completion_tokens":50,"startTime":"2026-08-06T03:30:00Z","endTime":"2026-08-06T03:30:02Z","completionStartTime":"2026-08-06T03:30:00.500Z","model":"gpt-4o","custom_llm_provider":"openai","user":"u1","session_id":"s1","cache_hit":"False","status":"success"}""",
        """{"request_id":"chatcmpl-a2","call_type":"acompletion","api_key":"litellm_proxy_master_key","spend":0.003,"total_tokens":300,"prompt_tokens":200,"completion_tokens":100,"startTime":"2026-08-06T16:00:00+00:00","endTime":"2026-08-06T16:00:01+00:00","completionStartTime":"2026-08-06T16:00:01+00:00","model":"gpt-4o","custom_llm_provider":"openai","user":"u2","session_id":"s2","cache_hit":"None","status":"success"}""",
        """{"request_id":"chatcmpl-a2_cache_hit1786032300","call_type":"acompletion","api_key":"litellm_proxy_master_key","spend":0,"total_tokens":300,"prompt_tokens":200,"completion_tokens":100,"startTime":"2026-08-06 16:05:00.000000","endTime":"2026-08-06 16:05:00.010000","model":"gpt-4o","custom_llm_provider":"openai","user":"u2","session_id":"s2","cache_hit":"True","status":"success"}""",
        """{"call_type":"acompletion","api_key":"litellm_proxy_master_key","spend":0.001,"total_tokens":10,"prompt_tokens":5,"completion_tokens":5,"startTime":"2026-08-06T10:00:00Z","endTime":"2026-08-06T10:00:01Z","model":"gpt-4o"}""",
        """{"request_id":"msg_f4","call_type":"acompletion","api_key":"litellm_proxy_master_key","spend":0,"total_tokens":0,"prompt_tokens":0,"completion_tokens":0,"startTime":"2026-08-06T17:00:00Z","endTime":"2026-08-06T17:00:00Z","model":"claude-3-5-haiku-20241022","custom_llm_provider":"anthropic","user":"u3","cache_hit":null,"status":"failure","metadata":"{\"error_information\":{\"error_code\":\"429\",\"error_class\":\"RateLimitError\"}}"}""",
        """{"request_id":"msg_a5","call_type":"acompletion","api_key":"litellm_proxy_master_key","spend":4.2e-04,"total_tokens":330,"prompt_tokens":300,"completion_tokens":30,"startTime":"2026-08-07T06:59:00Z","endTime":"2026-08-07T06:59:03Z","completionStartTime":"2026-08-07T06:59:01Z","model":"claude-3-5-haiku-20241022","custom_llm_provider":"anthropic","user":"u1","session_id":"s3","status":"success"}""",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("spend-logs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("json_lines")]
    [InlineData("spend_logs_v2")]
    [InlineData("json_array")]
    public async Task RunAsync_SpendLogFileAsJson_GivesTheHandComputedUsageResponse(string format)
    {
        var path = Write(format);

        var (exit, output, error) = await RunAsync(["--spend-logs", path, "--json", "--time-zone", "America/Los_Angeles", "--now", Now]);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;

        var totals = root.GetProperty("totals");
        Assert.Equal(1080, totals.GetProperty("total_tokens").GetInt64());
        Assert.Equal(800, totals.GetProperty("prompt_tokens").GetInt64());
        Assert.Equal(280, totals.GetProperty("completion_tokens").GetInt64());
        Assert.Equal(5, totals.GetProperty("total_requests").GetInt64());
        Assert.Equal(4, totals.GetProperty("successful_requests").GetInt64());
        Assert.Equal(1, totals.GetProperty("failed_requests").GetInt64());
        Assert.Equal(80.0, totals.GetProperty("success_rate").GetDouble(), 10);
        Assert.Equal(3, totals.GetProperty("unique_sessions").GetInt64());
        Assert.Equal(3, totals.GetProperty("unique_users").GetInt64());

        // Successful calls only: 2000, 1000, 10 and 3000 ms; the failure's 0 ms is not in.
        var latency = root.GetProperty("latency");
        Assert.Equal(1502.5, latency.GetProperty("avg_ms").GetDouble(), 10);
        Assert.Equal(10, latency.GetProperty("min_ms").GetDouble());
        Assert.Equal(3000, latency.GetProperty("max_ms").GetDouble());
        Assert.InRange(latency.GetProperty("p50_ms").GetDouble(), 1000, 2000);
        var ttft = root.GetProperty("ttft");
        Assert.Equal(750, ttft.GetProperty("avg_ms").GetDouble(), 10);

        // Successful calls: 150, 300, 300, 330 tokens.
        var perRequest = root.GetProperty("tokens_per_request");
        Assert.Equal(270, perRequest.GetProperty("avg").GetDouble(), 10);
        Assert.Equal(200, perRequest.GetProperty("avg_prompt").GetDouble(), 10);
        Assert.Equal(70, perRequest.GetProperty("avg_completion").GetDouble(), 10);
        Assert.Equal(330, perRequest.GetProperty("max").GetDouble());

        // "True" is the one hit; "False", "None", null and an absent flag are misses.
        var cache = root.GetProperty("cache");
        Assert.Equal(1, cache.GetProperty("hits").GetInt64());
        Assert.Equal(4, cache.GetProperty("misses").GetInt64());
        Assert.Equal(300, cache.GetProperty("hit_tokens").GetInt64());
        Assert.Equal(780, cache.GetProperty("miss_tokens").GetInt64());
        Assert.Equal(20.0, cache.GetProperty("hit_rate").GetDouble(), 10);

        // Local day 08-06 00:00 .. 08-07 00:00 holds a2, the hit, f4 and a5; a1 (08-05 20:30) is the day before.
        var recent = root.GetProperty("recent_activity");
        Assert.Equal(1, recent.GetProperty("last_hour_requests").GetInt64());
        Assert.Equal(4, recent.GetProperty("last_24h_requests").GetInt64());
        Assert.Equal(1, recent.GetProperty("prev_24h_requests").GetInt64());
        Assert.Equal(930, recent.GetProperty("last_24h_tokens").GetInt64());
        Assert.Equal(300.0, recent.GetProperty("change_24h_pct").GetDouble(), 10);
        var week = root.GetProperty("week_over_week");
        Assert.Equal(5, week.GetProperty("this_week").GetProperty("requests").GetInt64());
        Assert.Equal(1080, week.GetProperty("this_week").GetProperty("tokens").GetInt64());
        Assert.Equal(4, week.GetProperty("this_week").GetProperty("successful").GetInt64());
        Assert.Equal(0, week.GetProperty("last_week").GetProperty("requests").GetInt64());
        Assert.Equal(JsonValueKind.Null, week.GetProperty("change_pct").GetProperty("requests").ValueKind);
        Assert.Equal("2026-08-06T23:00:00-07:00", root.GetProperty("windows").GetProperty("last_hour").GetProperty("start").GetString());
        Assert.Equal("2026-08-07T00:00:00-07:00", root.GetProperty("windows").GetProperty("last_24h").GetProperty("end").GetString());

        // In UTC every row but a5 is on 08-06; in Los Angeles a1 moves to 08-05 and a5 to 08-06.
        var daily = root.GetProperty("daily").EnumerateArray().ToArray();
        Assert.Equal(["2026-08-05", "2026-08-06"], daily.Select(d => d.GetProperty("date").GetString()));
        Assert.Equal(1, daily[0].GetProperty("requests").GetInt64());
        Assert.Equal(2000, daily[0].GetProperty("avg_latency_ms").GetDouble(), 10);
        Assert.Equal(4, daily[1].GetProperty("requests").GetInt64());
        Assert.Equal(3, daily[1].GetProperty("successful").GetInt64());
        Assert.Equal(75.0, daily[1].GetProperty("success_rate").GetDouble(), 10);
        Assert.Equal(930, daily[1].GetProperty("total_tokens").GetInt64());
        Assert.Equal(4010.0 / 3, daily[1].GetProperty("avg_latency_ms").GetDouble(), 10);

        var peakDays = root.GetProperty("peak_days").EnumerateArray().Select(d => (d.GetProperty("date").GetString(), d.GetProperty("requests").GetInt64())).ToArray();
        Assert.Equal([("2026-08-06", 4L), ("2026-08-05", 1L)], peakDays);
        var peakHours = root.GetProperty("peak_hours").EnumerateArray().Select(h => (h.GetProperty("hour").GetInt32(), h.GetProperty("requests").GetInt64())).ToArray();
        Assert.Equal([(9, 2L), (10, 1L), (20, 1L), (23, 1L)], peakHours);
        var hourly = root.GetProperty("hourly_pattern").EnumerateArray().ToArray();
        Assert.Equal(24, hourly.Length);
        Assert.Equal(2, hourly[9].GetProperty("requests").GetInt64());
        Assert.Equal(600, hourly[9].GetProperty("tokens").GetInt64());
        Assert.Equal(0, hourly[10].GetProperty("successful").GetInt64());

        var models = root.GetProperty("by_model").EnumerateArray().ToArray();
        Assert.Equal(["gpt-4o", "claude-3-5-haiku-20241022"], models.Select(m => m.GetProperty("model").GetString()));
        Assert.Equal(3, models[0].GetProperty("requests").GetInt64());
        Assert.Equal(750, models[0].GetProperty("total_tokens").GetInt64());
        Assert.Equal(250, models[0].GetProperty("avg_tokens").GetDouble(), 10);
        Assert.Equal(3010.0 / 3, models[0].GetProperty("avg_latency_ms").GetDouble(), 10);
        Assert.Equal(500, models[0].GetProperty("avg_ttft_ms").GetDouble(), 10);
        Assert.Equal(250 / 3.010, models[0].GetProperty("tokens_per_sec").GetDouble(), 10);
        Assert.Equal(2, models[1].GetProperty("requests").GetInt64());
        Assert.Equal(1, models[1].GetProperty("successful").GetInt64());
        Assert.Equal(50.0, models[1].GetProperty("success_rate").GetDouble(), 10);
        Assert.Equal(10.0, models[1].GetProperty("tokens_per_sec").GetDouble(), 10);

        var costs = root.GetProperty("costs");
        Assert.Equal("USD", costs.GetProperty("currency").GetString());
        Assert.Equal(0.00492m, costs.GetProperty("actual").GetDecimal());
        Assert.Equal(0.00492m, costs.GetProperty("effective").GetDecimal());
        Assert.Equal(5, root.GetProperty("coverage").GetProperty("actualized").GetInt64());
        Assert.Equal(0, root.GetProperty("coverage").GetProperty("missing_request_id").GetInt64());

        var input = root.GetProperty("input");
        Assert.Equal(format, input.GetProperty("format").GetString());
        Assert.Equal(6, input.GetProperty("rows_read").GetInt32());
        Assert.Equal(5, input.GetProperty("rows_used").GetInt32());
        var malformed = Assert.Single(input.GetProperty("malformed").EnumerateArray().ToArray());
        Assert.Contains("request_id", malformed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        if (format == "json_lines")
        {
            Assert.Equal(4, malformed.GetProperty("line").GetInt32());
        }
        else
        {
            Assert.Equal(3, malformed.GetProperty("index").GetInt32());
        }
    }

    [Fact]
    public async Task RunAsync_Json_HasExactlyTheUsageKeysPlusOurAdditions()
    {
        var path = Write("json_lines");

        var (_, output, _) = await RunAsync(["--spend-logs", path, "--json", "--now", Now]);

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(
            ["totals", "latency", "ttft", "tokens_per_request", "cache", "week_over_week", "recent_activity", "peak_days", "peak_hours", "by_model", "daily", "hourly_pattern",
             "time_zone", "as_of", "period", "costs", "coverage", "windows", "groups", "input", "sync"],
            Keys(root));
        Assert.Equal(["total_tokens", "prompt_tokens", "completion_tokens", "total_requests", "successful_requests", "failed_requests", "success_rate", "unique_sessions", "unique_users"], Keys(root.GetProperty("totals")));
        Assert.Equal(["avg_ms", "p50_ms", "p95_ms", "p99_ms", "min_ms", "max_ms"], Keys(root.GetProperty("latency")));
        Assert.Equal(["avg_ms", "p50_ms", "p95_ms", "p99_ms"], Keys(root.GetProperty("ttft")));
        Assert.Equal(["avg", "avg_prompt", "avg_completion", "max", "p50", "p95"], Keys(root.GetProperty("tokens_per_request")));
        Assert.Equal(["hits", "misses", "hit_tokens", "miss_tokens", "hit_rate"], Keys(root.GetProperty("cache")));
        Assert.Equal(["this_week", "last_week", "change_pct"], Keys(root.GetProperty("week_over_week")));
        Assert.Equal(["requests", "tokens", "successful"], Keys(root.GetProperty("week_over_week").GetProperty("this_week")));
        Assert.Equal(["requests", "tokens"], Keys(root.GetProperty("week_over_week").GetProperty("change_pct")));
        Assert.Equal(["last_hour_requests", "last_24h_requests", "prev_24h_requests", "last_24h_tokens", "change_24h_pct"], Keys(root.GetProperty("recent_activity")));
        Assert.Equal(["date", "requests", "tokens"], Keys(root.GetProperty("peak_days")[0]));
        Assert.Equal(["hour", "requests"], Keys(root.GetProperty("peak_hours")[0]));
        Assert.Equal(
            ["model", "requests", "successful", "success_rate", "total_tokens", "prompt_tokens", "completion_tokens", "avg_tokens", "avg_latency_ms", "p50_latency_ms", "avg_ttft_ms", "tokens_per_sec"],
            Keys(root.GetProperty("by_model")[0]));
        Assert.Equal(["date", "requests", "successful", "success_rate", "total_tokens", "prompt_tokens", "completion_tokens", "avg_latency_ms"], Keys(root.GetProperty("daily")[0]));
        Assert.Equal(["hour", "requests", "successful", "tokens"], Keys(root.GetProperty("hourly_pattern")[0]));
        Assert.Equal("UTC", root.GetProperty("time_zone").GetString());
        Assert.Equal(["2026-08-06", "2026-08-07"], root.GetProperty("daily").EnumerateArray().Select(d => d.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task RunAsync_SpendLogFileAsText_NamesUnitsCoverageAndTheMalformedRow()
    {
        var path = Write("json_lines");

        var (exit, output, _) = await RunAsync(["--spend-logs", path, "--time-zone", "America/Los_Angeles", "--now", Now]);

        Assert.Equal(0, exit);
        Assert.Contains("input:      6 spend-log rows (json_lines)", output, StringComparison.Ordinal);
        Assert.Contains("malformed:  line 4: The spend-log row has no request_id.", output, StringComparison.Ordinal);
        Assert.Contains("latency:    p50 ", output, StringComparison.Ordinal);
        Assert.Contains(" ms, mean 1503 ms (successful calls, 4)", output, StringComparison.Ordinal);
        Assert.Contains("estimate:   0.0% vs actual on 5 actualized rows", output, StringComparison.Ordinal);
        Assert.Contains("day 2026-08-05 ", output, StringComparison.Ordinal);
        Assert.EndsWith("dashboard: OK" + System.Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WindowsZoneId_GivesTheSameDaysAsItsIanaId()
    {
        var path = Write("json_array");

        var (exit, output, error) = await RunAsync(["--spend-logs", path, "--json", "--time-zone", "Pacific Standard Time", "--now", Now]);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["2026-08-05", "2026-08-06"], json.RootElement.GetProperty("daily").EnumerateArray().Select(d => d.GetProperty("date").GetString()));
    }

    [Theory]
    [InlineData("a known IANA or Windows time zone id", "--time-zone", "Mars/Olympus_Mons")]
    [InlineData("ISO-8601 timestamp with an offset", "--now", "2026-08-07 06:59")]
    [InlineData("ISO-8601 timestamp with an offset", "--now", "2026-08-07T06:59:30")]
    [InlineData("ISO-8601 timestamp with an offset", "--now", "yesterday")]
    public async Task RunAsync_BadZoneOrNow_ReturnsTwoWithOneClearLine(string expected, string option, string value)
    {
        var path = Write("json_lines");

        var (exit, output, error) = await RunAsync(["--spend-logs", path, "--json", option, value]);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains(value, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task RunAsync_MissingSpendLogFile_ReturnsTwoWithOneLine()
    {
        var path = Path.Combine(_directory, "nope.jsonl");

        var (exit, output, error) = await RunAsync(["--spend-logs", path, "--json"]);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"error: spend-log file '{path}' not found", error.TrimEnd());
    }

    [Fact]
    public async Task RunAsync_BrokenJsonArray_ReturnsTwoWithOneLine()
    {
        var path = Path.Combine(_directory, "broken.json");
        await File.WriteAllTextAsync(path, "[" + _rows[0] + ",");

        var (exit, _, error) = await RunAsync(["--spend-logs", path]);

        Assert.Equal(2, exit);
        Assert.Contains("is not valid JSON", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task RunAsync_JsonLinesWithABrokenLineAndNull_CountsThemAndGoesOn()
    {
        var path = Path.Combine(_directory, "broken.jsonl");
        await File.WriteAllTextAsync(path, _rows[0] + "\n{\"request_id\": \"cut\n\nnull\n" + _rows[1] + "\n");

        var (exit, output, _) = await RunAsync(["--spend-logs", path, "--json", "--now", Now]);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var input = json.RootElement.GetProperty("input");
        Assert.Equal(4, input.GetProperty("rows_read").GetInt32());
        Assert.Equal(2, input.GetProperty("rows_used").GetInt32());
        Assert.Equal([2, 4], input.GetProperty("malformed").EnumerateArray().Select(m => m.GetProperty("line").GetInt32()));
        Assert.Equal(2, json.RootElement.GetProperty("totals").GetProperty("total_requests").GetInt64());
    }

    private string Write(string format)
    {
        var path = Path.Combine(_directory, format + (format == "json_lines" ? ".jsonl" : ".json"));
        var text = format switch
        {
            "json_lines" => string.Join('\n', _rows) + "\n",
            "spend_logs_v2" => "{\n  \"data\": [\n" + string.Join(",\n", _rows) + "\n  ],\n  \"total\": 6, \"page\": 1, \"page_size\": 50, \"total_pages\": 1\n}\n",
            _ => "[\n" + string.Join(",\n", _rows) + "\n]\n",
        };
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new ConfigurationBuilder().Build();
        var exit = await SampleApp.RunAsync(args, environment, output, error, TimeProvider.System);
        return (exit, output.ToString(), error.ToString());
    }
}
