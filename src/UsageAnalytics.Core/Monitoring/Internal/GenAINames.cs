using System.Collections.Frozen;

namespace UsageAnalytics.Monitoring;

/// <summary>
/// The OpenTelemetry GenAI semantic-convention names and the mapping of LiteLLM's provider and call-type names to
/// their well-known values (semantic conventions 1.37, <c>gen_ai.provider.name</c> and <c>gen_ai.operation.name</c>).
/// </summary>
internal static class GenAINames
{
    public const string TokenUsage = "gen_ai.client.token.usage";
    public const string OperationDuration = "gen_ai.client.operation.duration";
    public const string TimeToFirstChunk = "gen_ai.client.operation.time_to_first_chunk";
    public const string UsageCost = "gen_ai.usage.cost";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string OperationName = "gen_ai.operation.name";
    public const string TokenType = "gen_ai.token.type";
    public const string ErrorType = "error.type";

    /// <summary>The <c>error.type</c> of a failed call that names no error, as the conventions prescribe.</summary>
    public const string OtherError = "_OTHER";

    /// <summary>LiteLLM provider names (case-insensitive) and their OpenTelemetry well-known values.</summary>
    private static readonly FrozenDictionary<string, string> _providers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["openai"] = "openai",
        ["text-completion-openai"] = "openai",
        ["azure"] = "azure.ai.openai",
        ["azure_text"] = "azure.ai.openai",
        ["azure_ai"] = "azure.ai.inference",
        ["anthropic"] = "anthropic",
        ["anthropic_text"] = "anthropic",
        ["bedrock"] = "aws.bedrock",
        ["bedrock_converse"] = "aws.bedrock",
        ["vertex_ai"] = "gcp.vertex_ai",
        ["vertex_ai_beta"] = "gcp.vertex_ai",
        ["vertex_ai-anthropic_models"] = "gcp.vertex_ai",
        ["vertex_ai-language-models"] = "gcp.vertex_ai",
        ["gemini"] = "gcp.gemini",
        ["cohere"] = "cohere",
        ["cohere_chat"] = "cohere",
        ["mistral"] = "mistral_ai",
        ["codestral"] = "mistral_ai",
        ["text-completion-codestral"] = "mistral_ai",
        ["groq"] = "groq",
        ["deepseek"] = "deepseek",
        ["xai"] = "x_ai",
        ["perplexity"] = "perplexity",
        ["watsonx"] = "ibm.watsonx.ai",
        ["watsonx_text"] = "ibm.watsonx.ai",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Service words (LiteLLM call types included) and the operation names the conventions define.</summary>
    private static readonly FrozenDictionary<string, string> _operations = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["chat"] = "chat",
        ["completion"] = "chat",
        ["acompletion"] = "chat",
        ["responses"] = "chat",
        ["aresponses"] = "chat",
        ["text_completion"] = "text_completion",
        ["atext_completion"] = "text_completion",
        ["embedding"] = "embeddings",
        ["embeddings"] = "embeddings",
        ["aembedding"] = "embeddings",
        ["generate_content"] = "generate_content",
        ["agenerate_content"] = "generate_content",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Maps a LiteLLM <c>custom_llm_provider</c> (case-insensitive) to the OpenTelemetry well-known value
    /// (<c>azure</c> → <c>azure.ai.openai</c>, <c>bedrock</c> → <c>aws.bedrock</c>, <c>vertex_ai</c> →
    /// <c>gcp.vertex_ai</c>, <c>gemini</c> → <c>gcp.gemini</c>, <c>mistral</c> → <c>mistral_ai</c>, <c>xai</c> →
    /// <c>x_ai</c>, <c>watsonx</c> → <c>ibm.watsonx.ai</c>, …); an unknown name is passed through trimmed (the
    /// conventions allow custom values) and a blank one gives <see langword="null"/>. No allocation for names without
    /// surrounding spaces.</summary>
    public static string? Provider(string? provider) => Map(_providers, provider);

    /// <summary>Maps a row's service (LiteLLM's call type or the host's own word) to <c>gen_ai.operation.name</c>:
    /// <c>chat</c>, <c>text_completion</c>, <c>embeddings</c> or <c>generate_content</c> where one applies; another
    /// value (<c>stt</c>, <c>tts</c>, <c>image_generation</c>, …) is passed through trimmed; blank gives
    /// <see langword="null"/>.</summary>
    public static string? Operation(string? service) => Map(_operations, service);

    private static string? Map(FrozenDictionary<string, string> known, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var name = value.Trim();
        return known.TryGetValue(name, out var mapped) ? mapped : name;
    }
}
