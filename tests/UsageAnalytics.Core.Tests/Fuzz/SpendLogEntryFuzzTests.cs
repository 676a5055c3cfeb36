using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.TestSupport;
using Xunit.Abstractions;

namespace UsageAnalytics.Fuzz;

/// <summary>
/// Mutated spend-log rows (the real write payloads in <c>../shared/data/litellm</c>, or hand-written rows when that
/// folder is absent, plus hand-written v2 rows) through <see cref="SpendLogEntry.Parse(string)"/>,
/// <see cref="SpendLogEntry.Parse(JsonElement)"/> and <see cref="SpendLogEntry.ToUsageRecord"/>. The property: each
/// call returns, or throws only the documented <see cref="SpendLogFormatException"/>, within a time bound.
/// </summary>
public sealed class SpendLogEntryFuzzTests(ITestOutputHelper output)
{
    private const int FixedSeed = 20260806;
    private const int CasesPerSeed = 5_000;
    private static readonly TimeSpan _perCase = TimeSpan.FromSeconds(30);

    private static readonly string[] _handWrittenRows =
    [
        // v2 rows as /spend/logs/v2 returns them: zoned timestamps, metadata and tags as JSON.
        """{"request_id":"chatcmpl-v2a","call_type":"acompletion","api_key":"88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b","spend":3.4e-05,"total_tokens":30,"prompt_tokens":10,"completion_tokens":20,"startTime":"2026-08-06T14:30:00+00:00","endTime":"2026-08-06T14:30:01.250000+00:00","completionStartTime":"2026-08-06T14:30:00.400000+00:00","request_duration_ms":1250,"model":"gpt-4o","model_id":"m1","model_group":"gpt-4o","custom_llm_provider":"openai","api_base":"https://api.openai.com/v1","user":"u1","metadata":{"user_api_key_alias":"key-a","user_api_key_team_id":"t1","usage_object":{"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":5}}},"cache_hit":"False","cache_key":"Cache OFF","request_tags":["prod","eu"],"team_id":"t1","organization_id":null,"end_user":"e1","requester_ip_address":null,"session_id":"s1","status":"success","mcp_namespaced_tool_name":null,"agent_id":null}""",
        """{"request_id":"msg_v2f","call_type":"anthropic_messages","api_key":"litellm_proxy_master_key","spend":0,"total_tokens":0,"prompt_tokens":0,"completion_tokens":0,"startTime":"2024-01-18T18:07:54.071000Z","endTime":"2024-01-18T18:07:54.071000Z","model":"claude-3-5-haiku-20241022","custom_llm_provider":"anthropic","metadata":{"error_information":{"error_code":"429","error_class":"RateLimitError","llm_provider":"anthropic","error_message":"rate limited","traceback":"..."}},"cache_hit":"None","request_tags":"[\"batch\"]","status":"failure"}""",
        """{"request_id":"chatcmpl-v2a_cache_hit1786032300","call_type":"aembedding","api_key":"litellm_proxy_master_key","spend":0,"total_tokens":12,"prompt_tokens":12,"completion_tokens":0,"startTime":"2025-01-24 09:20:46.847371","endTime":"2025-01-24 09:20:46.900000","model":"text-embedding-3-small","cache_hit":"True","metadata":"{\"user_api_key_alias\":\"key-b\",\"additional_usage_values\":{\"cache_read_input_tokens\":3}}","status":null}""",
    ];

    // Used only when ../shared/data is absent, so the suite still mutates write-payload-like rows.
    private static readonly string[] _fallbackWritePayloads =
    [
        """{"request_id":"chatcmpl-2283081b","call_type":"acompletion","api_key":"","cache_hit":"None","startTime":"2025-01-24 09:20:46.847371","endTime":"2025-01-24 09:20:46.851371","completionStartTime":"2025-01-24 09:20:46.851371","model":"gpt-4o","user":"","team_id":"","metadata":"{\"applied_guardrails\": [], \"usage_object\": {\"completion_tokens\": 20, \"prompt_tokens\": 10, \"total_tokens\": 30, \"completion_tokens_details\": null, \"prompt_tokens_details\": null}}","cache_key":"Cache OFF","spend":0.00022500000000000002,"total_tokens":30,"prompt_tokens":10,"completion_tokens":20,"request_tags":"[]","end_user":"","api_base":"","model_group":"","model_id":"","requester_ip_address":null,"custom_llm_provider":"openai","messages":"{}","response":"{}","proxy_server_request":"{}","status":"success"}""",
        """{"request_id":"chatcmpl-34df56d5","call_type":"acompletion","api_key":"","cache_hit":"None","startTime":"2025-03-24T22:02:42.975883+00:00","endTime":"2025-03-24T22:02:42.989132+00:00","model":"claude-3-7-sonnet-20250219","metadata":"{\"usage_object\": {\"completion_tokens\": 503, \"prompt_tokens\": 2095, \"cache_creation_input_tokens\": 0, \"cache_read_input_tokens\": 0}}","spend":0.01383,"total_tokens":2598,"prompt_tokens":2095,"completion_tokens":503,"request_tags":"[]","end_user":"test_user_1","custom_llm_provider":"anthropic","status":"success"}""",
    ];

    [Fact]
    public void Parse_MutatedRowsWithFixedSeed_ReturnOrThrowOnlySpendLogFormatException()
    {
        var findings = Run(FixedSeed);
        output.WriteLine(Report(FixedSeed, findings));

        Assert.True(Failures(findings) == 0, Report(FixedSeed, findings));
    }

    [Fact]
    public void Parse_MutatedRowsWithRandomSeed_ReturnOrThrowOnlySpendLogFormatException()
    {
        var seed = Random.Shared.Next();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"random seed {seed}"));

        var findings = Run(seed);
        output.WriteLine(Report(seed, findings));

        Assert.True(Failures(findings) == 0, Report(seed, findings));
    }

    private static List<string> Seeds()
    {
        var rows = new List<string>(_handWrittenRows);
        if (SharedData.Directory is { } directory && Directory.Exists(Path.Combine(directory, "litellm")))
        {
            rows.AddRange(Directory.GetFiles(Path.Combine(directory, "litellm"), "spend_log_write_payload_*.json")
                .Order(StringComparer.Ordinal)
                .Select(File.ReadAllText));
        }
        else
        {
            rows.AddRange(_fallbackWritePayloads);
        }

        return rows;
    }

    private static Dictionary<string, (int Count, string First)> Run(int seed)
    {
        var rows = Seeds();
        var mutator = new JsonMutator(seed);
        var findings = new Dictionary<string, (int Count, string First)>(StringComparer.Ordinal);
        for (var i = 0; i < CasesPerSeed; i++)
        {
            var input = Mutate(mutator, rows[i % rows.Count]);
            var watch = Stopwatch.StartNew();
            Check(findings, "Parse(string)", seed, i, input, () => SpendLogEntry.Parse(input).ToUsageRecord());
            JsonDocument? document = null;
            try
            {
                document = JsonDocument.Parse(input);
            }
            catch (JsonException)
            {
                // Parse(JsonElement) is only reachable with a document.
            }
            catch (ArgumentException)
            {
                // Invalid UTF-16 in the text itself: the caller never gets an element.
            }

            if (document is not null)
            {
                using (document)
                {
                    Check(findings, "Parse(JsonElement)", seed, i, input, () => SpendLogEntry.Parse(document.RootElement).ToUsageRecord());
                }
            }

            if (watch.Elapsed > _perCase)
            {
                Add(findings, "slow (> " + _perCase.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s)", seed, i, input);
            }
        }

        return findings;
    }

    /// <summary>
    /// The mutator's JSON node pass can itself trip over an earlier mutation (duplicate keys, lone surrogates are
    /// only noticed lazily); such a draw is retried, which keeps every case reproducible from the seed.
    /// </summary>
    internal static string Mutate(JsonMutator mutator, string row)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            try
            {
                return mutator.Mutate(row);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or JsonException)
            {
                // Draw again.
            }
        }

        return row;
    }

    private static void Check(Dictionary<string, (int Count, string First)> findings, string target, int seed, int index, string input, Action act)
    {
        try
        {
            act();
            Tally(findings, target + " returned");
        }
        catch (SpendLogFormatException)
        {
            Tally(findings, target + " threw SpendLogFormatException (documented)");
            return;
        }
#pragma warning disable CA1031 // The fuzz property is precisely that nothing else escapes.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Add(findings, target + " threw " + ex.GetType().Name, seed, index, input + " -> " + ex.Message);
        }
    }

    private static void Tally(Dictionary<string, (int Count, string First)> findings, string kind) =>
        findings["ok: " + kind] = (findings.TryGetValue("ok: " + kind, out var seen) ? seen.Count : 0) + 1 is var count ? (count, string.Empty) : default;

    private static int Failures(Dictionary<string, (int Count, string First)> findings) =>
        findings.Keys.Count(k => !k.StartsWith("ok: ", StringComparison.Ordinal));

    private static void Add(Dictionary<string, (int Count, string First)> findings, string kind, int seed, int index, string input)
    {
        findings[kind] = findings.TryGetValue(kind, out var seen)
            ? (seen.Count + 1, seen.First)
            : (1, JsonMutator.Describe(seed, index, input));
    }

    private static string Report(int seed, Dictionary<string, (int Count, string First)> findings)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"seed {seed}, {CasesPerSeed} cases:");
        foreach (var (kind, (count, first)) in findings.OrderByDescending(f => f.Value.Count))
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {count} x {kind}");
            if (first.Length > 0)
            {
                text.Append("; first: ").Append(first.ReplaceLineEndings(" "));
            }
        }

        return text.ToString();
    }
}
