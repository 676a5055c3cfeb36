using System.Globalization;
using System.Text;
using UsageAnalytics.Fuzz;

namespace UsageAnalytics.Sample;

/// <summary>
/// Mutated input files through the sample's readers: <see cref="SpendLogFile.ReadAsync"/> (JSON Lines, v2 bodies,
/// arrays) returns its rows and malformed list or throws <see cref="SampleUsageException"/>;
/// <see cref="UsageJsonLines.ReadFileAsync"/> returns its rows or throws <see cref="SampleUsageException"/>. Nothing else.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private const int FixedSeed = 20260807;
    private const int Cases = 300;

    private static readonly string[] _spendRows =
    [
        """{"request_id":"chatcmpl-a1","call_type":"acompletion","spend":0.0015,"total_tokens":150,"prompt_tokens":100,"completion_tokens":50,"startTime":"2026-08-06T03:30:00Z","endTime":"2026-08-06T03:30:02Z","completionStartTime":"2026-08-06T03:30:00.500Z","model":"gpt-4o","custom_llm_provider":"openai","user":"u1","cache_hit":"False","status":"success","metadata":{"user_api_key_alias":"k"},"request_tags":["a"]}""",
        """{"request_id":"msg_f4","call_type":"acompletion","spend":0,"total_tokens":0,"startTime":"2026-08-06 17:00:00.000000","endTime":"2026-08-06 17:00:00.000000","model":"claude-3-5-haiku-20241022","status":"failure","metadata":"{\"error_information\":{\"error_code\":\"429\",\"error_class\":\"RateLimitError\"}}","request_tags":"[\"x\"]"}""",
    ];

    private static readonly string[] _usageRows =
    [
        """{"requestId":"r1","timestamp":"2026-08-06T09:15:02.114Z","provider":"openai","model":"gpt-4o-mini","tags":["env:prod"],"dimensions":{"department":"care"},"promptTokens":1830,"completionTokens":412,"estimatedCost":0.000521,"latencyMs":1240.5,"costBreakdown":{"a":1}}""",
        """{"requestId":"r2","timestamp":"2026-08-06T09:16:40Z","provider":"anthropic","status":"failure","errorType":"429","estimatedCost":0.01425,"actualCost":0.01,"cacheHit":true}""",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("reader-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(FixedSeed)]
    [InlineData(0)]
    public async Task ReadAsync_MutatedSpendLogFiles_ReturnRowsOrThrowOnlySampleUsageException(int seed)
    {
        seed = seed == 0 ? Random.Shared.Next(1, int.MaxValue) : seed;
        var findings = new Dictionary<string, (int Count, string First)>(StringComparer.Ordinal);
        var mutator = new JsonMutator(seed);
        var random = new Random(seed);

        for (var i = 0; i < Cases; i++)
        {
            var rows = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Mutate(mutator, _spendRows[random.Next(_spendRows.Length)])).ToList();
            var text = (i % 3) switch
            {
                0 => string.Join('\n', rows),
                1 => "[" + string.Join(',', rows) + "]",
                _ => """{"data":[""" + string.Join(',', rows) + """],"total":3,"page":1,"page_size":50}""",
            };
            var path = Write(i, text);

            await CheckAsync(findings, seed, i, text, async () =>
            {
                var input = await SpendLogFile.ReadAsync(path, new DashboardBuilder(TimeZoneInfo.Utc));
                Assert.Equal(input.RowsRead, input.RowsUsed + input.Malformed.Count);
            });
        }

        Assert.True(findings.Count == 0, Report(seed, findings));
    }

    [Theory]
    [InlineData(FixedSeed)]
    [InlineData(0)]
    public async Task ReadFileAsync_MutatedUsageFiles_ReturnRowsOrThrowOnlySampleUsageException(int seed)
    {
        seed = seed == 0 ? Random.Shared.Next(1, int.MaxValue) : seed;
        var findings = new Dictionary<string, (int Count, string First)>(StringComparer.Ordinal);
        var mutator = new JsonMutator(seed);
        var random = new Random(seed);

        for (var i = 0; i < Cases; i++)
        {
            var text = string.Join('\n', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Mutate(mutator, _usageRows[random.Next(_usageRows.Length)])));
            var path = Write(i, text);

            await CheckAsync(findings, seed, i, text, async () =>
            {
                var records = await UsageJsonLines.ReadFileAsync(path);
                Assert.All(records, r => Assert.NotEqual(default, r.Timestamp));
            });
        }

        Assert.True(findings.Count == 0, Report(seed, findings));
    }

    private static string Mutate(JsonMutator mutator, string row)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            try
            {
                // Files hold one row per line: a mutation must not add line breaks of its own.
                return mutator.Mutate(row).Replace('\n', ' ').Replace('\r', ' ');
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
            {
                // The mutator's node pass tripped over an earlier mutation: draw again (still reproducible).
            }
        }

        return row;
    }

    private string Write(int index, string text)
    {
        var path = Path.Combine(_directory, index.ToString(CultureInfo.InvariantCulture) + ".json");

        // A lone surrogate cannot be written as UTF-8: the file holds U+FFFD, as any editor would save it.
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false));
        return path;
    }

    private static async Task CheckAsync(Dictionary<string, (int Count, string First)> findings, int seed, int index, string text, Func<Task> act)
    {
        try
        {
            await act();
        }
        catch (SampleUsageException)
        {
            // Documented: exit code 2 with a message.
        }
#pragma warning disable CA1031 // The property is that nothing else escapes.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var kind = ex.GetType().Name;
            findings[kind] = findings.TryGetValue(kind, out var seen)
                ? (seen.Count + 1, seen.First)
                : (1, JsonMutator.Describe(seed, index, text) + " -> " + ex.Message);
        }
    }

    private static string Report(int seed, Dictionary<string, (int Count, string First)> findings) =>
        string.Create(CultureInfo.InvariantCulture, $"seed {seed}, {Cases} cases: ")
        + string.Join("; ", findings.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Value.Count} x {f.Key}, first: {f.Value.First.ReplaceLineEndings(" ")}")));
}
