using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.TestSupport;
using Xunit.Abstractions;

namespace UsageAnalytics.Fuzz;

/// <summary>
/// Seeded mutations of real-shaped v2 envelopes and v1 bare arrays served through the real registration. Property: a
/// lookup returns a result, a fetch an entry or null, a listing ends or throws <see cref="SpendLogRequestException"/>,
/// each within a time bound, and every log record stays one bounded line without the key. A failing case is reported
/// with its seed and index (<see cref="JsonMutator.Describe"/>).
/// </summary>
public sealed class SpendLogResponseFuzzTests(ITestOutputHelper output)
{
    private const int V2Cases = 1000;
    private const int V1Cases = 500;

    private static readonly DateTimeOffset Around = new(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static readonly string V2Seed = SpendLogJson.Envelope(
        [
            SpendLogJson.Row("req-1"),
            """{"request_id": "req-2", "call_type": "aembedding", "api_key": "litellm_proxy_master_key", "spend": 3.4e-05, "total_tokens": 7, "prompt_tokens": 7, "completion_tokens": 0, "startTime": "2024-01-18T18:07:54.071000Z", "endTime": "2025-01-24 09:20:46.847371", "metadata": "{\"user_api_key_alias\": \"a\", \"usage_object\": {\"prompt_tokens_details\": {\"cached_tokens\": 2}}}", "request_tags": "[\"x\"]", "cache_hit": "None", "status": null}""",
            "null",
        ],
        total: 3,
        pageSize: 100);

    private static readonly string V1Seed = "[" + SpendLogJson.Row("req-1") + ", null]";

    [Theory]
    [InlineData(20260806, false)]
    [InlineData(19700101, true)]
    public async Task EveryCall_MutatedResponses_EndsWithDocumentedOutcome(int seed, bool v1)
    {
        using var host = SpendLogTestHost.Create(
            v1 ? new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:SpendLogPath"] = "/spend/logs" } : null,
            configureBuilder: SpendLogTestHost.WithoutRetries);
        var body = string.Empty;
        host.Http.When(HttpMethod.Get, v1 ? SpendLogTestHost.V1Url : SpendLogTestHost.V2Url)
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        var mutator = new JsonMutator(seed);
        var cases = v1 ? V1Cases : V2Cases;
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var i = 0; i < cases && failures.Count < 5; i++)
        {
            body = Mutate(mutator, v1 ? V1Seed : V2Seed);
            host.Logs.Clear();
            try
            {
                var lookup = await host.Client.LookupAsync("req-1", Around).WaitAsync(Bound);
                Count(outcomes, "lookup " + (lookup.Status == SpendLogLookupStatus.Failed ? lookup.FailureKind.ToString() : lookup.Status.ToString()));
                _ = await host.Client.FetchAsync("req-1", Around).WaitAsync(Bound);
                if (!v1)
                {
                    try
                    {
                        var rows = await host.Client.ListAsync(new SpendLogQuery { From = Around.AddHours(-1), To = Around.AddHours(1) })
                            .ToListAsync().AsTask().WaitAsync(Bound);
                        Count(outcomes, "list ended");
                    }
                    catch (SpendLogRequestException ex)
                    {
                        Count(outcomes, "list " + ex.Kind);
                    }
                }

                foreach (var record in host.Logs.GetSnapshot())
                {
                    if (record.Message.Contains('\n', StringComparison.Ordinal) || record.Message.Contains('\r', StringComparison.Ordinal)
                        || record.Message.Length > 2000 || record.Message.Contains(SpendLogTestHost.ApiKey, StringComparison.Ordinal))
                    {
                        failures.Add(JsonMutator.Describe(seed, i, body) + " => unsafe log record " + record.Id + ": " + record.Message[..Math.Min(300, record.Message.Length)]);
                        break;
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add(JsonMutator.Describe(seed, i, body) + " => " + ex.GetType().Name + ": " + ex.Message + Environment.NewLine + string.Join(Environment.NewLine, (ex.StackTrace ?? string.Empty).Split(Environment.NewLine).Take(6)));
            }
        }

        output.WriteLine($"{cases} cases (seed {seed}, {(v1 ? "v1" : "v2")}): " + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// The mutator throws when a second mutation walks an object a first one gave duplicate keys (JsonObject refuses
    /// them, or reads a key holding a lone surrogate escape): draw again, which moves its seeded sequence on, so every case stays reproducible.
    /// </summary>
    private static string Mutate(JsonMutator mutator, string seed)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return mutator.Mutate(seed);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException && attempt < 20)
            {
            }
        }
    }

    private static void Count(Dictionary<string, int> outcomes, string key) =>
        outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
}
