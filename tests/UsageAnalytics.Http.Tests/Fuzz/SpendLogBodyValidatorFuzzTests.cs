using System.Text;
using System.Text.Json;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.TestSupport;
using Xunit.Abstractions;

namespace UsageAnalytics.Fuzz;

/// <summary>
/// Seeded mutations of v2 envelopes and v1 arrays, each also cut at a random byte. Property: the body validator (which
/// decides what the pipeline retries) never throws and agrees with the page reader: what it accepts the reader reads
/// (short of a name with a lone surrogate escape, which the reader refuses by its own rule), and what it refuses the
/// reader refuses too, so a retry never replaces an answer the client could have used.
/// </summary>
public sealed class SpendLogBodyValidatorFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 3000;

    private static readonly string[] Seeds =
    [
        SpendLogJson.Envelope([SpendLogJson.Row("req-1"), "null", """{"request_id": "req-2", "spend": "oops"}"""], total: 3, pageSize: 100),
        "[" + SpendLogJson.Row("req-1") + ", null]",
        """{"data": null, "total": 0, "total_is_capped": false}""",
        "[null]",
    ];

    [Theory]
    [InlineData(7)]
    [InlineData(20260806)]
    public void FindFault_MutatedBodies_AgreesWithThePageReader(int seed)
    {
        var mutator = new JsonMutator(seed);
        var random = new Random(seed);
        var failures = new List<string>();
        var accepted = 0;

        for (var i = 0; i < Cases && failures.Count < 5; i++)
        {
            var body = Mutate(mutator, Seeds[i % Seeds.Length]);
            if (i % 3 == 0)
            {
                body = body[..random.Next(body.Length + 1)];
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            string? fault;
            try
            {
                fault = SpendLogBodyValidator.FindFault(bytes);
            }
            catch (Exception ex)
            {
                failures.Add(JsonMutator.Describe(seed, i, body) + " => validator threw " + ex.GetType().Name + ": " + ex.Message);
                continue;
            }

            var readerError = Read(bytes);
            accepted += fault is null ? 1 : 0;
            if (fault is null && readerError is not null && !readerError.Contains("not valid UTF-16", StringComparison.Ordinal))
            {
                failures.Add(JsonMutator.Describe(seed, i, body) + " => accepted, but the reader refused it: " + readerError);
            }
            else if (fault is not null && readerError is null)
            {
                failures.Add(JsonMutator.Describe(seed, i, body) + " => refused (" + fault + "), but the reader read it");
            }
        }

        output.WriteLine($"{Cases} cases (seed {seed}): {accepted} accepted, {Cases - accepted} refused");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.InRange(accepted, Cases / 10, Cases - (Cases / 10));
    }

    private static string? Read(byte[] body)
    {
        try
        {
            SpendLogPage.Parse(body);
            return null;
        }
        catch (Exception ex) when (ex is JsonException or SpendLogFormatException)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

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
                // As in SpendLogResponseFuzzTests: a second mutation over the first's duplicate keys; draw again.
            }
        }
    }
}
