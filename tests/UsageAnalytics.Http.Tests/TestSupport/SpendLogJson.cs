using System.Globalization;

namespace UsageAnalytics.TestSupport;

/// <summary>Builds spend-log rows and responses in the shapes real LiteLLM proxies send.</summary>
public static class SpendLogJson
{
    public static string Row(string requestId, decimal spend = 0.00042m, string startTime = "2026-08-06T14:30:00+00:00") =>
        $$"""
        {"request_id": "{{requestId}}", "call_type": "acompletion", "api_key": "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
         "spend": {{spend.ToString(CultureInfo.InvariantCulture)}}, "total_tokens": 30, "prompt_tokens": 10, "completion_tokens": 20,
         "startTime": "{{startTime}}", "endTime": "{{startTime}}", "model": "gpt-4o", "custom_llm_provider": "openai",
         "metadata": {"user_api_key_alias": "team-a"}, "status": "success"}
        """;

    public static string Envelope(IEnumerable<string> rows, int total = 1, int page = 1, int pageSize = 50, int totalPages = 1) =>
        $$"""{"data": [{{string.Join(",", rows)}}], "total": {{total}}, "page": {{page}}, "page_size": {{pageSize}}, "total_pages": {{totalPages}}}""";

    public static string Envelope(params string[] rows) => Envelope((IEnumerable<string>)rows);

    public static IEnumerable<string> Rows(string prefix, int from, int count) =>
        Enumerable.Range(from, count).Select(i => Row(prefix + i.ToString(CultureInfo.InvariantCulture)));
}
