using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>A small price file written by hand (rates copied from LiteLLM's 2026-07-24 catalog where the id exists there).</summary>
internal static class PricingFixtures
{
    public const string FixtureJson = """
        {
          "sample_spec": { "input_cost_per_token": 0.0, "litellm_provider": "one of https://docs.litellm.ai/docs/providers", "mode": "one of: chat, embedding" },
          "last_updated": "2026-07-24",
          "gpt-4o": {
            "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06,
            "input_cost_per_token_batches": 1.25e-06, "output_cost_per_token_batches": 5e-06,
            "input_cost_per_token_priority": 4.25e-06, "output_cost_per_token_priority": 1.7e-05, "cache_read_input_token_cost_priority": 2.125e-06,
            "litellm_provider": "openai", "mode": "chat", "max_input_tokens": 128000, "supports_vision": true
          },
          "azure/gpt-4o": { "input_cost_per_token": 2.75e-06, "output_cost_per_token": 1.1e-05, "litellm_provider": "azure", "mode": "chat" },
          "gpt-5": {
            "input_cost_per_token": 1.25e-06, "input_cost_per_token_flex": 6.25e-07, "input_cost_per_token_priority": 2.5e-06,
            "output_cost_per_token": 1e-05, "output_cost_per_token_flex": 5e-06, "output_cost_per_token_priority": 2e-05,
            "cache_read_input_token_cost": 1.25e-07, "cache_read_input_token_cost_flex": 6.25e-08, "cache_read_input_token_cost_priority": 2.5e-07,
            "litellm_provider": "openai", "mode": "chat"
          },
          "gpt-p": {
            "input_cost_per_token": 1e-06, "output_cost_per_token": 4e-06, "cache_read_input_token_cost": 1e-07,
            "input_cost_per_token_priority": 2e-06, "output_cost_per_token_priority": 8e-06, "litellm_provider": "openai"
          },
          "gpt-half": { "input_cost_per_token": 2e-06, "output_cost_per_token": 8e-06, "cache_read_input_token_cost": 5e-07, "litellm_provider": "openai" },
          "gpt-nocache": { "input_cost_per_token": 2e-06, "output_cost_per_token": 8e-06, "litellm_provider": "openai" },
          "o-reason": { "input_cost_per_token": 1e-06, "output_cost_per_token": 4e-06, "output_cost_per_reasoning_token": 8e-06, "litellm_provider": "openai" },
          "claude-sonnet-4-5-20250929": {
            "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
            "cache_creation_input_token_cost": 3.75e-06, "cache_creation_input_token_cost_above_1hr": 6e-06, "cache_read_input_token_cost": 3e-07,
            "input_cost_per_token_above_200k_tokens": 6e-06, "output_cost_per_token_above_200k_tokens": 2.25e-05,
            "cache_creation_input_token_cost_above_200k_tokens": 7.5e-06, "cache_read_input_token_cost_above_200k_tokens": 6e-07,
            "cache_creation_input_token_cost_above_1hr_above_200k_tokens": 1.2e-05,
            "search_context_cost_per_query": { "search_context_size_high": 0.01 },
            "litellm_provider": "anthropic", "mode": "chat"
          },
          "claude-old-20240229": {
            "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "cache_creation_input_token_cost": 3.75e-06, "cache_read_input_token_cost": 3e-07,
            "litellm_provider": "anthropic", "mode": "chat"
          },
          "xai/grok-4-fast-reasoning": {
            "input_cost_per_token": 2e-07, "input_cost_per_token_above_128k_tokens": 4e-07, "output_cost_per_token": 5e-07,
            "output_cost_per_token_above_128k_tokens": 1e-06, "cache_read_input_token_cost": 5e-08, "litellm_provider": "xai", "mode": "chat"
          },
          "other/strict-128k": {
            "input_cost_per_token": 2e-07, "input_cost_per_token_above_128k_tokens": 4e-07, "output_cost_per_token": 5e-07,
            "output_cost_per_token_above_128k_tokens": 1e-06, "litellm_provider": "other", "mode": "chat"
          },
          "dashscope/qwen-flash": {
            "litellm_provider": "dashscope", "mode": "chat",
            "tiered_pricing": [
              { "input_cost_per_token": 5e-08, "output_cost_per_token": 4e-07, "range": [0, 256000.0] },
              { "input_cost_per_token": 2.5e-07, "output_cost_per_token": 2e-06, "range": [256000.0, 1000000.0] }
            ]
          },
          "dashscope/qwen-plus": {
            "litellm_provider": "dashscope", "mode": "chat",
            "tiered_pricing": [
              { "input_cost_per_token": 4e-07, "output_cost_per_reasoning_token": 4e-06, "output_cost_per_token": 1.2e-06, "range": [0, 256000.0] },
              { "input_cost_per_token": 1.2e-06, "output_cost_per_reasoning_token": 1.2e-05, "output_cost_per_token": 3.6e-06, "range": [256000.0, 1000000.0] }
            ]
          },
          "dashscope/qwen-coder": {
            "litellm_provider": "dashscope", "mode": "chat",
            "tiered_pricing": [
              { "cache_read_input_token_cost": 1e-07, "input_cost_per_token": 1e-06, "output_cost_per_token": 5e-06, "range": [0, 32000.0] },
              { "input_cost_per_token": 1.8e-06, "output_cost_per_token": 9e-06, "range": [32000.0, 128000.0] }
            ]
          },
          "exa_ai/search": {
            "litellm_provider": "exa_ai", "mode": "search",
            "tiered_pricing": [ { "input_cost_per_query": 0.005, "max_results_range": [0, 25] } ]
          },
          "whisper-1": { "input_cost_per_second": 0.0001, "output_cost_per_second": 0.0001, "litellm_provider": "openai", "mode": "audio_transcription" },
          "tts-1": { "input_cost_per_character": 1.5e-05, "litellm_provider": "openai", "mode": "audio_speech" },
          "deepgram/nova-2": { "input_cost_per_second": 7.167e-05, "output_cost_per_second": 0.0, "litellm_provider": "deepgram", "mode": "audio_transcription" },
          "stt-in-only": { "input_cost_per_second": 0.0002, "litellm_provider": "openai", "mode": "audio_transcription" },
          "gpt-4o-mini-tts": {
            "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "output_cost_per_audio_token": 1.2e-05, "output_cost_per_second": 0.00025,
            "litellm_provider": "openai", "mode": "audio_speech"
          },
          "dall-e-3": { "input_cost_per_image": 0.04, "litellm_provider": "openai", "mode": "image_generation" },
          "gpt-th": {
            "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "input_cost_per_token_priority": 2e-06, "output_cost_per_token_priority": 4e-06,
            "input_cost_per_token_above_200k_tokens": 3e-06, "output_cost_per_token_above_200k_tokens": 6e-06,
            "input_cost_per_token_above_200k_tokens_priority": 5e-06, "litellm_provider": "openai"
          },
          "multi-th": {
            "input_cost_per_token": 1e-06, "input_cost_per_token_above_128k_tokens": 2e-06, "input_cost_per_token_above_200k_tokens": 3e-06,
            "output_cost_per_token": 1e-06, "litellm_provider": "openai"
          },
          "free-model": { "input_cost_per_token": 0, "output_cost_per_token": 0, "litellm_provider": "openrouter" },
          "claude-3-5-sonnet": { "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "litellm_provider": "anthropic" },
          "claude-x-20240620": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "litellm_provider": "anthropic" },
          "claude-x-20241022": { "input_cost_per_token": 2e-06, "output_cost_per_token": 4e-06, "litellm_provider": "anthropic" },
          "vertex_ai/claude-y@20250219": { "input_cost_per_token": 5e-06, "output_cost_per_token": 6e-06, "litellm_provider": "vertex_ai-anthropic_models" }
        }
        """;

    public static PriceBook Book { get; } = PriceBook.Parse(FixtureJson);

    public static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static UsageRecord Row(string? model, long prompt = 0, long completion = 0, string? provider = null, string? serviceTier = null) => new()
    {
        RequestId = "req-1",
        Timestamp = At,
        Model = model,
        Provider = provider,
        PromptTokens = prompt,
        CompletionTokens = completion,
        Dimensions = serviceTier is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { [PriceBook.ServiceTierDimension] = serviceTier },
    };
}
