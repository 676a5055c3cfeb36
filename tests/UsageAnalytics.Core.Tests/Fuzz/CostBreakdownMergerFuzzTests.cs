using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using UsageAnalytics.Costs;
using UsageAnalytics.LiteLLM;

namespace UsageAnalytics.Fuzz;

public sealed class CostBreakdownMergerFuzzTests
{
    private const int FixedSeed = 20260806;
    private const int FixedSeedCases = 3000;
    private const int RandomSeedCases = 2000;
    private static readonly TimeSpan PerCallBound = TimeSpan.FromSeconds(30);

    private static readonly string[] StoredBreakdowns =
    [
        """{"request_id":"req-1","estimated_stt_cost":0.002,"estimated_tts_cost":0.003,"estimated_llm_cost":0.011,"service":"voice","relay_meta":{"region":"eu","hops":[1,2]}}""",
        """{"relay_meta":{"request_id":"req-1","litellm_request_id":"req-1"},"estimated_stt_cost":"0.0021","estimated_tts_cost":"3e-3"}""",
        """{"litellm_request_id":"req-1","estimated_stt_cost":null,"estimated_tts_cost":0,"model":"stale","prompt_tokens":5}""",
        """{"request_id":"req-1","actual_llm_cost":0.01,"provider":"openai","model":"gpt-4o","prompt_tokens":1200,"completion_tokens":300,"cost_coverage":"llm_actual_tts_stt_estimated","estimated_stt_cost":0.002}""",
        """{"request_id":"req-1"}""",
    ];

    private static readonly string[] SpendLogRows =
    [
        """{"request_id":"req-1","spend":0.0125,"custom_llm_provider":"openai","model":"gpt-4o","prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500,"startTime":"2026-08-06 14:30:00","endTime":"2026-08-06 14:30:02"}""",
        """{"request_id":"req-1","spend":"0.5","custom_llm_provider":"anthropic","model":"claude","prompt_tokens":"10","completion_tokens":20,"startTime":"2026-08-06T14:30:00Z","metadata":{"status":"success"}}""",
    ];

    private static readonly decimal[] OddSpends = [0m, 0.0125m, decimal.MaxValue, decimal.MinValue, -1m, 79228162514264337593543950334m, 1e-28m];

    private static readonly CostBreakdownMerger Merger = new();

    [Fact]
    public void MergeAndExtractRequestId_FuzzedAndCodeBuiltBreakdowns_ThrowOnlyDocumentedExceptionsAndNeverMutateInput()
    {
        var randomSeed = Environment.GetEnvironmentVariable("FUZZ_SEED") is { } forced
            ? int.Parse(forced, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var findings = new Dictionary<string, (int Count, string Example)>(StringComparer.Ordinal);
        var tally = new Tally();

        Run(FixedSeed, FixedSeedCases, findings, tally);
        Run(randomSeed, RandomSeedCases, findings, tally);

        Assert.True(
            findings.Count == 0,
            string.Create(CultureInfo.InvariantCulture, $"fixed seed {FixedSeed}, random seed {randomSeed} (replay with FUZZ_SEED); {tally}; findings:\n")
            + string.Join("\n", findings.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} x{f.Value.Count}: {f.Value.Example}"))));
        Assert.True(tally.Merged > 100, "too few cases reached a successful merge: " + tally);
    }

    [Fact]
    public void Merge_SpendAtDecimalMaxValueWithEstimatedSttOfOne_IsRefusedAsOutOfRange()
    {
        var breakdown = JsonNode.Parse("""{"request_id":"req-1","estimated_stt_cost":1}""")!.AsObject();
        var spendLog = new SpendLogEntry { RequestId = "req-1", Spend = decimal.MaxValue };

        var ex = Assert.Throws<CostBreakdownException>(() => Merger.Merge(breakdown, spendLog));

        Assert.Contains("out of range", ex.Message, StringComparison.Ordinal);
    }

    private static void Run(int seed, int cases, Dictionary<string, (int Count, string Example)> findings, Tally tally)
    {
        var mutator = new JsonMutator(seed);
        var random = new Random(seed);
        for (var i = 0; i < cases; i++)
        {
            JsonObject breakdown;
            string input;
            if (random.Next(4) == 0)
            {
                breakdown = CodeBuilt(random);
                input = "code-built " + SafeText(breakdown);
            }
            else
            {
                try
                {
                    input = mutator.Mutate(StoredBreakdowns[random.Next(StoredBreakdowns.Length)]);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    // JsonMutator's own re-parse throws on duplicate nested keys and on lone surrogates it wrote.
                    tally.Unparsed++;
                    continue;
                }

                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(input);
                }
                catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
                {
                    tally.Unparsed++;
                    continue;
                }

                if (node is not JsonObject parsed)
                {
                    tally.Unparsed++;
                    continue;
                }

                breakdown = parsed;
            }

            var spendLog = SpendLog(random, mutator);
            Check(breakdown, spendLog, JsonMutator.Describe(seed, i, input), findings, tally);
        }
    }

    private static SpendLogEntry? SpendLog(Random random, JsonMutator mutator)
    {
        switch (random.Next(5))
        {
            case 0:
                return null;
            case 1:
                return new SpendLogEntry
                {
                    RequestId = "req-1",
                    Spend = OddSpends[random.Next(OddSpends.Length)],
                    PromptTokens = random.Next(2) == 0 ? long.MaxValue : -1,
                    CompletionTokens = long.MinValue,
                    Provider = "\ud800",
                };
            default:
                var row = SpendLogRows[random.Next(SpendLogRows.Length)];
                try
                {
                    if (random.Next(2) == 0)
                    {
                        row = mutator.Mutate(row);
                    }

                    var entry = SpendLogEntry.Parse(row);
                    return random.Next(4) == 0 ? entry : entry with { RequestId = "req-1" };
                }
                catch (Exception ex) when (ex is SpendLogFormatException or ArgumentException or InvalidOperationException)
                {
                    return SpendLogEntry.Parse(SpendLogRows[0]);
                }
        }
    }

    private static JsonObject CodeBuilt(Random random)
    {
        var breakdown = new JsonObject();
        if (random.Next(3) > 0)
        {
            breakdown["request_id"] = random.Next(3) == 0 ? OddValue(random) : "req-1";
        }

        if (random.Next(3) == 0)
        {
            breakdown["relay_meta"] = new JsonObject { ["request_id"] = OddValue(random), ["litellm_request_id"] = OddValue(random) };
        }

        breakdown["estimated_stt_cost"] = random.Next(2) == 0 ? OddValue(random) : JsonValue.Create(0.002m);
        breakdown["estimated_tts_cost"] = random.Next(2) == 0 ? OddValue(random) : JsonValue.Create(0.003d);
        breakdown["other"] = OddValue(random);
        return breakdown;
    }

    private static JsonNode? OddValue(Random random) => random.Next(22) switch
    {
        0 => JsonValue.Create(double.NaN),
        1 => JsonValue.Create(double.PositiveInfinity),
        2 => JsonValue.Create(float.NegativeInfinity),
        3 => JsonValue.Create(1e300),
        4 => JsonValue.Create('7'),
        5 => JsonValue.Create(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")),
        6 => JsonValue.Create(new DateTime(2026, 8, 6, 14, 30, 0, DateTimeKind.Utc)),
        7 => JsonValue.Create(new DateTimeOffset(2026, 8, 6, 14, 30, 0, TimeSpan.FromHours(2))),
        8 => JsonValue.Create("\ud800"),
        9 => JsonValue.Create("req-1\udc00"),
        10 => JsonValue.Create(decimal.MaxValue),
        11 => JsonValue.Create(long.MaxValue),
        12 => JsonValue.Create((byte)3),
        13 => JsonValue.Create(0.5f),
        14 => JsonValue.Create(-0.001m),
        15 => JsonValue.Create(true),
        16 => JsonValue.Create(JsonDocument.Parse("\"0.004\"").RootElement),
        17 => JsonValue.Create(JsonDocument.Parse("12345678901234567890123456789012").RootElement),
        18 => new JsonArray(1, 2),
        19 => null,
        20 => JsonValue.Create(ulong.MaxValue),
        _ => JsonValue.Create("0.001"),
    };

    private static void Check(JsonObject breakdown, SpendLogEntry? spendLog, string description, Dictionary<string, (int Count, string Example)> findings, Tally tally)
    {
        var before = SafeText(breakdown);

        Attempt("ExtractRequestId", () => Merger.ExtractRequestId(breakdown), description, findings, documented: []);
        var result = Attempt(
            "Merge",
            () => Merger.Merge(breakdown, spendLog),
            description,
            findings,
            documented: [typeof(CostBreakdownException), typeof(SpendLogFormatException)]);

        if (!string.Equals(before, SafeText(breakdown), StringComparison.Ordinal))
        {
            Record(findings, "Merge mutated its input", description);
        }

        if (result is { IsMerged: true })
        {
            tally.Merged++;
            if (result.ActualCost != result.EstimatedSttCost + result.EstimatedTtsCost + result.ActualLlmCost)
            {
                Record(findings, "Merge: actual cost is not the sum of its parts", description);
            }

            if (ReferenceEquals(result.Breakdown, breakdown))
            {
                Record(findings, "Merge: merged breakdown is the input", description);
            }
        }
        else if (result is not null)
        {
            tally.Refused++;
        }
        else
        {
            tally.Threw++;
        }
    }

    private static T? Attempt<T>(string operation, Func<T> call, string description, Dictionary<string, (int Count, string Example)> findings, Type[] documented)
        where T : class?
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return call();
        }
        catch (Exception ex) when (Array.IndexOf(documented, ex.GetType()) >= 0)
        {
            return null;
        }
        catch (Exception ex)
        {
            Record(findings, operation + " threw " + ex.GetType().Name + " (" + ex.Message[..Math.Min(40, ex.Message.Length)] + ")", description + " -> " + ex.Message);
            return null;
        }
        finally
        {
            if (watch.Elapsed > PerCallBound)
            {
                Record(findings, operation + " took longer than " + PerCallBound.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s", description);
            }
        }
    }

    private static void Record(Dictionary<string, (int Count, string Example)> findings, string kind, string example) =>
        findings[kind] = findings.TryGetValue(kind, out var seen) ? (seen.Count + 1, seen.Example) : (1, example);

    /// <summary>The JSON text of a node, or a marker when it cannot be written (NaN, lone surrogates...).</summary>
    private static string SafeText(JsonNode node)
    {
        try
        {
            return node.ToJsonString();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or JsonException or NotSupportedException)
        {
            return "<unwritable: " + ex.GetType().Name + ">";
        }
    }

    private sealed class Tally
    {
        public int Unparsed { get; set; }

        public int Merged { get; set; }

        public int Refused { get; set; }

        public int Threw { get; set; }

        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Unparsed} unparsable inputs skipped, {Merged} merged, {Refused} refused, {Threw} threw a documented exception");
    }
}
