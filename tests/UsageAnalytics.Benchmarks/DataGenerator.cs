using UsageAnalytics.Records;

namespace UsageAnalytics.Benchmarks;

/// <summary>
/// Deterministic synthetic usage: 12 models with Zipf-skewed traffic (each with its provider and prices), 10,000
/// users with a heavy head, 40 teams, 30 days of UTC timestamps in random order, log-normal latency and TTFT,
/// ~3% failures, ~60% of rows actualized, costs with up to 10 decimals.
/// </summary>
internal static class DataGenerator
{
    public const int Users = 10_000;
    public const int Teams = 40;
    public const int Days = 30;

    private static readonly (string Model, string Provider, decimal Input, decimal Output)[] _models =
    [
        ("gpt-4o-mini", "openai", 0.00000015m, 0.0000006m),
        ("gpt-4o", "openai", 0.0000025m, 0.00001m),
        ("claude-sonnet-4", "anthropic", 0.000003m, 0.000015m),
        ("gemini-2.5-flash", "google", 0.0000003m, 0.0000025m),
        ("o3", "openai", 0.000002m, 0.000008m),
        ("claude-haiku-4", "anthropic", 0.0000008m, 0.000004m),
        ("text-embedding-3-small", "openai", 0.00000002m, 0m),
        ("llama-3.3-70b", "groq", 0.00000059m, 0.00000079m),
        ("mistral-large", "mistral", 0.000002m, 0.000006m),
        ("gemini-2.5-pro", "google", 0.00000125m, 0.00001m),
        ("claude-opus-4", "anthropic", 0.000015m, 0.000075m),
        ("whisper-1", "openai", 0.0000001m, 0m),
    ];

    public static UsageRecord[] Generate(int count, int seed = 42)
    {
        var random = new Random(seed);
        var userIds = Enumerable.Range(0, Users).Select(i => "user-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var teamIds = Enumerable.Range(0, Teams).Select(i => "team-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var modelWeights = new double[_models.Length];
        double total = 0;
        for (var i = 0; i < modelWeights.Length; i++)
        {
            total += 1.0 / Math.Pow(i + 1, 1.2);
            modelWeights[i] = total;
        }

        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var span = TimeSpan.FromDays(Days).Ticks;
        var records = new UsageRecord[count];
        for (var i = 0; i < count; i++)
        {
            var pick = random.NextDouble() * total;
            var m = Array.BinarySearch(modelWeights, pick);
            m = m < 0 ? ~m : m;
            var (model, provider, input, output) = _models[Math.Min(m, _models.Length - 1)];
            var user = (int)(Users * Math.Pow(random.NextDouble(), 2.5));
            var prompt = (long)Math.Exp(5 + (1.2 * Normal(random)));
            var completion = (long)Math.Exp(4 + Normal(random));
            var estimated = (prompt * input) + (completion * output);
            var failed = random.Next(100) < 3;
            var latency = Math.Exp(6.5 + (0.9 * Normal(random)));
            records[i] = new UsageRecord
            {
                RequestId = random.Next(50) == 0 ? null : "req-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Timestamp = new DateTimeOffset(start + (long)(random.NextDouble() * span), TimeSpan.Zero),
                Provider = provider,
                Model = model,
                Service = "chat",
                Status = failed ? "failure" : (random.Next(10) == 0 ? null : "success"),
                UserId = userIds[user],
                TeamId = teamIds[user % Teams],
                PromptTokens = prompt,
                CompletionTokens = completion,
                CachedPromptTokens = prompt / 4,
                EstimatedCost = estimated,
                ActualCost = random.Next(10) < 6 ? decimal.Round(estimated * 1.03m, 10) : null,
                LatencyMs = random.Next(100) == 0 ? null : latency,
                TimeToFirstTokenMs = random.Next(10) < 3 ? null : latency * (0.05 + (0.2 * random.NextDouble())),
                CacheHit = random.Next(20) == 0,
            };
        }

        return records;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
