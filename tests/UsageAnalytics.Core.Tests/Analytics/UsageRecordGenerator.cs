using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>Seeded random usage rows for the property tests: few distinct keys, nulls, tags, custom dimensions,
/// costs of many scales (some beyond 18 decimals), missing latencies, and timestamps around DST changes.</summary>
internal static class UsageRecordGenerator
{
    private static readonly string?[] _providers = ["openai", "anthropic", "azure", null, " "];
    private static readonly string?[] _models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet", "o3", null];
    private static readonly string?[] _services = ["chat", "embeddings", "stt", "tts", null];
    private static readonly string?[] _statuses = ["success", "failure", "Success", null];
    private static readonly string?[] _teams = ["red", "blue", null, ""];
    private static readonly string[] _tags = ["prod", "beta", "batch", "eval", " "];
    private static readonly decimal[] _oddCosts = [0.00022500000000000002m, 0.1m, 1.000000000000000000001m, 0m, 0.25m];

    public static List<UsageRecord> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 3, 27, 0, 0, 0, TimeSpan.Zero);
        var records = new List<UsageRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var estimated = random.Next(10) == 0
                ? _oddCosts[random.Next(_oddCosts.Length)]
                : decimal.Round((decimal)random.NextDouble() * 0.05m, random.Next(2, 13));
            var tags = new List<string>();
            for (var t = random.Next(3); t > 0; t--)
            {
                tags.Add(_tags[random.Next(_tags.Length)]);
            }

            records.Add(new UsageRecord
            {
                RequestId = random.Next(8) == 0 ? (random.Next(2) == 0 ? null : " ") : "req-" + i,
                Timestamp = start.AddMinutes(random.Next(0, 60 * 24 * 8)).AddSeconds(random.Next(60)).ToOffset(TimeSpan.FromHours(random.Next(-5, 6))),
                Provider = Pick(random, _providers),
                Model = Pick(random, _models),
                Service = Pick(random, _services),
                Status = Pick(random, _statuses),
                UserId = random.Next(6) == 0 ? null : "user-" + random.Next(40),
                TeamId = Pick(random, _teams),
                KeyAlias = random.Next(3) == 0 ? null : "key-" + random.Next(3),
                SessionId = random.Next(4) == 0 ? null : "s-" + random.Next(100),
                Tags = tags,
                Dimensions = random.Next(3) == 0
                    ? new Dictionary<string, string>(StringComparer.Ordinal)
                    : new Dictionary<string, string>(StringComparer.Ordinal) { ["department"] = "d" + random.Next(3) },
                PromptTokens = random.Next(0, 5000),
                CompletionTokens = random.Next(0, 2000),
                CachedPromptTokens = random.Next(0, 100),
                CacheWriteTokens = random.Next(0, 50),
                ReasoningTokens = random.Next(0, 30),
                EstimatedCost = estimated,
                ActualCost = random.Next(3) == 0 ? null : estimated * 1.1m,
                LatencyMs = random.Next(5) == 0 ? null : Math.Exp(5 + random.NextDouble() * 3),
                TimeToFirstTokenMs = random.Next(3) == 0 ? null : 20 + random.NextDouble() * 500,
                CacheHit = random.Next(3) switch { 0 => null, 1 => true, _ => false },
            });
        }

        return records;
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];
}
