using System.Text;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>
/// The fixed rows and options behind the committed golden state file of each state version. Never change them: a
/// golden file pins the format its version was released with.
/// </summary>
internal static class GoldenState
{
    /// <summary>The file name of the version 1 golden state, copied beside the test assembly.</summary>
    public const string V1FileName = "golden-state-v1.json";

    public static UsageAccumulatorOptions V1Options { get; } = new()
    {
        GroupBy =
        [
            UsageDimension.Provider, UsageDimension.Model, UsageDimension.Service, UsageDimension.Status,
            UsageDimension.Team, UsageDimension.User, UsageDimension.Tag, UsageDimension.Custom("department"),
        ],
        LatencyBy = [UsageDimension.Model],
        TimeBuckets = [TimeBucketSize.Hour, TimeBucketSize.Day],
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"),
    };

    /// <summary>Thirty hand-written rows around the 2026 spring-forward change in Los Angeles (8 March, 02:00).</summary>
    public static IReadOnlyList<UsageRecord> V1Records { get; } =
    [
        Row("r01", "2026-03-07T08:05:00Z", "openai", "gpt-4o", "alice", "research", ["chat", "beta"], "science") with { EstimatedCost = 0.0125m, ActualCost = 0.0131m, LatencyMs = 812.5, TimeToFirstTokenMs = 120, CacheHit = false, SessionId = "s1" },
        Row("r02", "2026-03-07T08:20:00Z", "openai", "gpt-4o", "alice", "research", ["chat"], "science") with { EstimatedCost = 0.02m, LatencyMs = 640, TimeToFirstTokenMs = 95.25, CacheHit = true, SessionId = "s1" },
        Row("r03", "2026-03-07T09:45:10Z", "openai", "gpt-4o-mini", "bob", "support", ["batch"], "sales") with { EstimatedCost = 0.00015m, ActualCost = 0.00016m, LatencyMs = 230, SessionId = "s2" },
        Row("r04", "2026-03-07T10:00:00Z", "anthropic", "claude-sonnet-4", "carol", "research", [], "science") with { EstimatedCost = 0.045m, ActualCost = 0.0449m, LatencyMs = 2150.75, TimeToFirstTokenMs = 410, ReasoningTokens = 300 },
        Row("r05", "2026-03-07T10:01:00Z", "anthropic", "claude-sonnet-4", "carol", "research", ["chat"], null) with { Status = "failure", ErrorType = "429", EstimatedCost = 0m, LatencyMs = 35, PromptTokens = 0, CompletionTokens = 0 },
        Row(null, "2026-03-07T11:30:00Z", "openai", "gpt-4o", "dave", null, ["chat", "", "chat"], "") with { EstimatedCost = 0.0099m, LatencyMs = 0, CacheHit = null },
        Row("r07", "2026-03-07T12:15:00Z", "openai", "  ", "", "support", [" "], "sales") with { EstimatedCost = 0.001m, ActualCost = 0.0012m },
        Row("r08", "2026-03-07T13:40:00Z", "azure", "gpt-4o", null, "ops", ["batch", "eval"], "ops") with { Service = "embeddings", EstimatedCost = 0.0000001m, ActualCost = 0.0000002m, CompletionTokens = 0, LatencyMs = 55.5 },
        Row("r09", "2026-03-07T15:00:00Z", "openai", "whisper-1", "erin", "support", ["voice"], "sales") with { Service = "stt", EstimatedCost = 0.006m, LatencyMs = 1800, CacheHit = false, SessionId = "s3" },
        Row("r10", "2026-03-07T16:25:00Z", "openai", "tts-1", "erin", "support", ["voice"], "sales") with { Service = "tts", EstimatedCost = 0.015m, ActualCost = 0.015m, LatencyMs = 950, SessionId = "s3" },
        Row("r11", "2026-03-07T18:00:00Z", "anthropic", "claude-haiku", "frank", "ops", ["eval"], "ops") with { EstimatedCost = 0.0000000000000000001234567m, LatencyMs = 310, TimeToFirstTokenMs = 60 },
        Row("r12", "2026-03-07T19:59:59Z", "anthropic", "claude-haiku", "frank", "ops", ["eval"], "ops") with { Status = "failure", ErrorType = "timeout", EstimatedCost = 0.0004m, LatencyMs = 30000 },
        Row("r13", "2026-03-07T23:10:00Z", "openai", "gpt-4o", "alice", "research", ["chat"], "science") with { EstimatedCost = 0.018m, ActualCost = 0.0177m, LatencyMs = 720, TimeToFirstTokenMs = 101, CachedPromptTokens = 512, CacheHit = true, SessionId = "s4" },
        Row("r14", "2026-03-08T02:30:00Z", "openai", "gpt-4o-mini", "bob", "support", ["batch"], "sales") with { EstimatedCost = 0.0002m, LatencyMs = 180 },
        Row("r15", "2026-03-08T07:45:00Z", "openai", "gpt-4o-mini", "bob", "support", ["batch"], "sales") with { EstimatedCost = 0.00025m, ActualCost = 0.00024m, LatencyMs = 175.125 },
        Row("r16", "2026-03-08T09:15:00Z", "openai", "gpt-4o", "alice", "research", ["chat", "beta"], "science") with { EstimatedCost = 0.021m, LatencyMs = 905, TimeToFirstTokenMs = 130, SessionId = "s5" },
        Row("r17", "2026-03-08T09:40:00Z", "openai", "gpt-4o", "alice", "research", ["chat"], "science") with { EstimatedCost = 0.0111m, ActualCost = 0.0112m, LatencyMs = 610, CacheHit = false, SessionId = "s5" },
        Row("r18", "2026-03-08T10:05:00Z", "anthropic", "claude-sonnet-4", "carol", null, ["chat"], "science") with { EstimatedCost = 0.0375m, ActualCost = 0.0380m, LatencyMs = 1875, TimeToFirstTokenMs = 380, CacheWriteTokens = 1024 },
        Row("r19", "2026-03-08T10:06:00Z", "anthropic", "claude-sonnet-4", "carol", null, ["chat"], "science") with { Status = "failure", ErrorType = "500", EstimatedCost = 0m, LatencyMs = 2.5, PromptTokens = 0, CompletionTokens = 0 },
        Row("r20", "2026-03-08T11:00:00Z", "openai", null, "grace", "ops", [], null) with { EstimatedCost = 0.003m, ActualCost = 0.0031m, LatencyMs = 400 },
        Row("r21", "2026-03-08T12:12:12Z", "openai", "gpt-4o", "grace", "ops", ["eval"], "ops") with { EstimatedCost = 0.0123456789012345678m, LatencyMs = 777.7, TimeToFirstTokenMs = 88.8, CacheHit = true },
        Row("r22", "2026-03-08T15:30:00Z", "azure", "gpt-4o", "heidi", "research", ["chat"], "science") with { EstimatedCost = 0.014m, ActualCost = 0.01398m, LatencyMs = 830, SessionId = "s6" },
        Row("r23", "2026-03-08T17:45:00Z", "azure", "gpt-4o", "heidi", "research", ["chat"], "science") with { EstimatedCost = 0.016m, LatencyMs = 845, CacheHit = false, SessionId = "s6" },
        Row("r24", "2026-03-08T20:20:00Z", "openai", "o3", "ivan", "research", ["reasoning"], "science") with { CompletionTokens = 5000, EstimatedCost = 0.42m, ActualCost = 0.415m, LatencyMs = 15234.5, TimeToFirstTokenMs = 9000, ReasoningTokens = 4000 },
        Row("r25", "2026-03-08T22:00:00Z", "openai", "o3", "ivan", "research", ["reasoning"], "science") with { Status = "failure", ErrorType = "context_length_exceeded", EstimatedCost = 0m, LatencyMs = 120 },
        Row(" ", "2026-03-09T01:05:00Z", "openai", "gpt-4o-mini", "judy", "support", ["batch"], "sales") with { EstimatedCost = 0.00018m, LatencyMs = 190, SessionId = "" },
        Row("r27", "2026-03-09T07:30:00Z", "openai", "gpt-4o-mini", "judy", "support", ["batch"], "sales") with { EstimatedCost = 0.00019m, ActualCost = 0.0000000000000000000987654321m, LatencyMs = 205 },
        Row("r28", "2026-03-09T08:00:00Z", "anthropic", "claude-haiku", "frank", "ops", ["eval"], "ops") with { EstimatedCost = 0.0009m, ActualCost = 0.00088m, LatencyMs = 290, TimeToFirstTokenMs = 55, CacheHit = true },
        Row("r29", "2026-03-09T09:09:09Z", "openai", "gpt-4o", "alice", "research", ["chat"], "science") with { EstimatedCost = 0.0175m, LatencyMs = 690, TimeToFirstTokenMs = 99, SessionId = "s7" },
        Row("r30", "2026-03-09T10:10:10Z", "openai", "gpt-4o", "alice", "research", ["chat"], "science") with { EstimatedCost = 0.019m, ActualCost = 0.0189m, LatencyMs = 705, TimeToFirstTokenMs = 102, SessionId = "s7" },
    ];

    /// <summary>Returns the accumulator of <see cref="V1Records"/> under <see cref="V1Options"/>, aggregated now.</summary>
    public static UsageAccumulator AggregateV1()
    {
        var accumulator = new UsageAccumulator(V1Options);
        accumulator.AddRange(V1Records);
        return accumulator;
    }

    /// <summary>Reads a golden file exactly as committed (UTF-8, no byte order mark, no line ending added).</summary>
    public static string Read(string fileName) =>
        Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Analytics", "State", fileName)));

    private static UsageRecord Row(string? requestId, string timestamp, string provider, string? model, string? user, string? team, string[] tags, string? department) =>
        new()
        {
            RequestId = requestId,
            Timestamp = DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture),
            Provider = provider,
            Model = model,
            Service = "chat",
            Status = "success",
            UserId = user,
            TeamId = team,
            KeyAlias = "key-" + provider,
            Tags = tags,
            Dimensions = department is null ? EmptyDimensions.Instance : new Dictionary<string, string> { ["department"] = department },
            PromptTokens = 1200,
            CompletionTokens = 350,
        };
}
