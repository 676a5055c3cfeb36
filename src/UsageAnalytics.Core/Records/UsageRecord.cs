using System.Text.Json.Nodes;

namespace UsageAnalytics.Records;

/// <summary>
/// One LLM call as the host application recorded it: the canonical, immutable usage row that every
/// UsageAnalytics component consumes.
/// </summary>
/// <remarks>
/// <para>
/// The shape follows the OpenTelemetry GenAI conventions and LiteLLM's spend log. Applications map their
/// own entity to a <see cref="UsageRecord"/> (usually with a <c>Select</c>); nothing in the library
/// depends on an application's model.
/// </para>
/// <para>
/// Money is <see cref="decimal"/> in <see cref="Currency"/> (USD unless stated otherwise); token counts are
/// <see cref="long"/>; durations are milliseconds.
/// </para>
/// </remarks>
public sealed record UsageRecord
{
    /// <summary>The currency assumed when a record does not state one: <c>USD</c>.</summary>
    public const string DefaultCurrency = "USD";

    /// <summary>
    /// Gets the LiteLLM request id (or provider request id) of the call. A row without one can never be
    /// actualized against a spend log.
    /// </summary>
    public string? RequestId { get; init; }

    /// <summary>Gets the instant the request started.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the provider that served the call (for example <c>openai</c>, <c>anthropic</c>).</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the model that served the call.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the kind of service the call used (for example <c>chat</c>, <c>embeddings</c>, <c>stt</c>, <c>tts</c>).</summary>
    public string? Service { get; init; }

    /// <summary>
    /// Gets the outcome of the call: <c>success</c> or <c>failure</c>. <see langword="null"/> is read as success,
    /// as LiteLLM does for legacy rows.
    /// </summary>
    public string? Status { get; init; }

    /// <summary>Gets the error type or code of a failed call (for example <c>RateLimitError</c> or <c>429</c>).</summary>
    public string? ErrorType { get; init; }

    /// <summary>Gets the id of the end user the call was made for.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the id of the team the call is billed to.</summary>
    public string? TeamId { get; init; }

    /// <summary>Gets the alias of the API key used (never the key itself).</summary>
    public string? KeyAlias { get; init; }

    /// <summary>Gets the conversation or session id the call belongs to.</summary>
    public string? SessionId { get; init; }

    /// <summary>Gets the free-form tags of the call. Never <see langword="null"/>; empty by default.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// Gets further named dimensions of the call (for example <c>department</c>, <c>billing_mode</c>,
    /// <c>environment</c>). Never <see langword="null"/>; empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, string> Dimensions { get; init; } = EmptyDimensions.Instance;

    /// <summary>Gets the number of prompt (input) tokens, cached tokens included.</summary>
    public long PromptTokens { get; init; }

    /// <summary>Gets the number of completion (output) tokens, reasoning tokens included.</summary>
    public long CompletionTokens { get; init; }

    /// <summary>Gets the number of prompt tokens read from the provider's prompt cache (a subset of <see cref="PromptTokens"/>).</summary>
    public long CachedPromptTokens { get; init; }

    /// <summary>
    /// Gets the number of prompt tokens written to the provider's prompt cache (a subset of <see cref="PromptTokens"/>, as
    /// LiteLLM counts them: its <c>prompt_tokens</c> includes Anthropic's <c>cache_creation_input_tokens</c> and
    /// <c>cache_read_input_tokens</c>). Priced at the five-minute cache-write rate unless
    /// <see cref="CacheWriteFiveMinuteTokens"/> or <see cref="CacheWriteOneHourTokens"/> reports the split.
    /// </summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>
    /// Gets the number of cache-write tokens written with a five-minute lifetime (Anthropic's
    /// <c>cache_creation.ephemeral_5m_input_tokens</c>), or <see langword="null"/> when the provider reported no
    /// split. When either split field is set, LiteLLM prices only the split: 5-minute tokens at
    /// <c>cache_creation_input_token_cost</c>, 1-hour tokens at <c>cache_creation_input_token_cost_above_1hr</c>.
    /// </summary>
    public long? CacheWriteFiveMinuteTokens { get; init; }

    /// <summary>
    /// Gets the number of cache-write tokens written with a one-hour lifetime (Anthropic's
    /// <c>cache_creation.ephemeral_1h_input_tokens</c>), or <see langword="null"/> when the provider reported no split.
    /// </summary>
    public long? CacheWriteOneHourTokens { get; init; }

    /// <summary>
    /// Gets the duration of the audio the call processed, in seconds (a transcription's input or a speech
    /// call's output), for models priced per second (<c>input_cost_per_second</c> / <c>output_cost_per_second</c>);
    /// <see langword="null"/> when not recorded.
    /// </summary>
    public decimal? AudioDurationSeconds { get; init; }

    /// <summary>
    /// Gets the number of input characters of a call priced per character (text-to-speech models with
    /// <c>input_cost_per_character</c>); <see langword="null"/> when not recorded.
    /// </summary>
    public long? CharacterCount { get; init; }

    /// <summary>Gets the number of reasoning tokens (a subset of <see cref="CompletionTokens"/>).</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Gets the total number of tokens: <see cref="PromptTokens"/> + <see cref="CompletionTokens"/>.</summary>
    public long TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>Gets the cost the application estimated when it made the call, in <see cref="Currency"/>.</summary>
    public decimal EstimatedCost { get; init; }

    /// <summary>
    /// Gets the actual cost once known (for example from LiteLLM's spend log), in <see cref="Currency"/>;
    /// <see langword="null"/> while the row is estimated only.
    /// </summary>
    public decimal? ActualCost { get; init; }

    /// <summary>Gets the cost to report: <see cref="ActualCost"/> when known, otherwise <see cref="EstimatedCost"/>.</summary>
    public decimal EffectiveCost => ActualCost ?? EstimatedCost;

    /// <summary>Gets the ISO 4217 currency code of the money fields. Defaults to <see cref="DefaultCurrency"/>.</summary>
    public string Currency { get; init; } = DefaultCurrency;

    /// <summary>Gets the end-to-end latency of the call in milliseconds, when known.</summary>
    public double? LatencyMs { get; init; }

    /// <summary>Gets the time to the first streamed token in milliseconds, when known.</summary>
    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>
    /// Gets whether the response came from the proxy's own response cache (not the provider's prompt cache);
    /// <see langword="null"/> when unknown.
    /// </summary>
    public bool? CacheHit { get; init; }

    /// <summary>
    /// Gets the application's stored cost breakdown (estimated parts, provider details and so on), which
    /// <c>CostBreakdownMerger</c> enriches with the actual LLM cost.
    /// </summary>
    public JsonObject? CostBreakdown { get; init; }

    /// <summary>Gets whether the call succeeded: <see cref="Status"/> is <see langword="null"/>, blank (no value, as
    /// LiteLLM reads a legacy row without status) or <c>success</c> in any case, surrounding spaces ignored.</summary>
    public bool IsSuccess => string.IsNullOrWhiteSpace(Status) || Status.AsSpan().Trim().Equals("success", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets whether the row carries an actual cost.</summary>
    public bool IsActualized => ActualCost.HasValue;

    /// <summary>Gets whether the row has a usable request id (neither null nor blank).</summary>
    public bool HasRequestId => !string.IsNullOrWhiteSpace(RequestId);
}
