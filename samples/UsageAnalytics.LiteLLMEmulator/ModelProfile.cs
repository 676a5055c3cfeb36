namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>
/// A model of the generated traffic: its share, prices (USD per token, or per second / character: LiteLLM's price file
/// of 2026-07-24 for these models) and shape. <paramref name="CacheWriteOneHourCost"/> is the one-hour cache-write rate
/// (<c>cache_creation_input_token_cost_above_1hr</c>, 0 when the model has none) and <paramref name="PriorityFactor"/>
/// the ratio of every <c>_priority</c> rate to its standard rate (1 when the model has no priority rates: LiteLLM then
/// bills the standard ones).
/// </summary>
internal sealed record ModelProfile(
    string Model,
    string ModelGroup,
    string Provider,
    string Service,
    string CallType,
    double Weight,
    double InputCost,
    double OutputCost,
    double CacheReadCost,
    double CacheWriteCost,
    double MedianLatencyMs,
    double ReasoningShare,
    string ApiBase,
    double CacheWriteOneHourCost = 0,
    double PriorityFactor = 1)
{
    public static IReadOnlyList<ModelProfile> Catalog { get; } =
    [
        new("gpt-4o-mini", "gpt-4o-mini", "openai", "chat", "acompletion", 30, 1.5e-07, 6e-07, 7.5e-08, 0, 900, 0, "https://api.openai.com/v1", PriorityFactor: 2.5e-07 / 1.5e-07),
        new("gpt-4o", "gpt-4o", "openai", "chat", "acompletion", 16, 2.5e-06, 1e-05, 1.25e-06, 0, 1800, 0, "https://api.openai.com/v1", PriorityFactor: 1.7),
        new("claude-3-7-sonnet-20250219", "claude-3-7-sonnet", "anthropic", "chat", "acompletion", 12, 3e-06, 1.5e-05, 3e-07, 3.75e-06, 3500, 0.2, "https://api.anthropic.com/v1/messages", CacheWriteOneHourCost: 6e-06),
        new("claude-3-5-haiku-20241022", "claude-3-5-haiku", "anthropic", "chat", "acompletion", 10, 8e-07, 4e-06, 8e-08, 1e-06, 1200, 0, "https://api.anthropic.com/v1/messages"),
        new("gemini-2.0-flash", "gemini-2.0-flash", "gemini", "chat", "acompletion", 11, 1e-07, 4e-07, 2.5e-08, 0, 700, 0, "https://generativelanguage.googleapis.com"),
        new("o3-mini", "o3-mini", "openai", "chat", "acompletion", 4, 1.1e-06, 4.4e-06, 5.5e-07, 0, 6000, 1, "https://api.openai.com/v1"),
        new("text-embedding-3-small", "text-embedding-3-small", "openai", "embeddings", "aembedding", 9, 2e-08, 0, 0, 0, 150, 0, "https://api.openai.com/v1"),
        new("whisper-1", "whisper-1", "openai", "stt", "atranscription", 4, 0.0001, 0, 0, 0, 2500, 0, "https://api.openai.com/v1"),
        new("tts-1", "tts-1", "openai", "tts", "aspeech", 4, 1.5e-05, 0, 0, 0, 1500, 0, "https://api.openai.com/v1"),
    ];
}
