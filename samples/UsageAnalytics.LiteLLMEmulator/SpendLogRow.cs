using System.Text.Json.Nodes;

namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>
/// One row of the emulated <c>LiteLLM_SpendLogs</c> table, with the wire quirks the emulator reproduces when it
/// writes the row (timestamp style, metadata and tags as JSON strings, exponent-notation spend).
/// </summary>
public sealed record SpendLogRow
{
    /// <summary>Gets the LiteLLM request id.</summary>
    public required string RequestId { get; init; }

    /// <summary>
    /// Gets LiteLLM's own id of the call (the <c>x-litellm-call-id</c> response header), or <see langword="null"/>. Newer
    /// builds (not <see cref="EmulatorOptions.OldBuild"/>) also match a <c>request_id</c> lookup against it and return
    /// the row keyed by the provider's id (LiteLLM PR 39068); written as the row's <c>litellm_call_id</c>.
    /// </summary>
    public string? LiteLLMCallId { get; init; }

    /// <summary>Gets the call type (<c>acompletion</c>, <c>aembedding</c>, <c>atranscription</c>, <c>aspeech</c>...).</summary>
    public string CallType { get; init; } = "acompletion";

    /// <summary>Gets the hashed key (or the alias <c>litellm_proxy_master_key</c>).</summary>
    public string ApiKey { get; init; } = "litellm_proxy_master_key";

    /// <summary>Gets the spend in USD, written the way Python prints a float (<c>3.4e-05</c>, <c>0.00022500000000000002</c>).</summary>
    public double Spend { get; init; }

    /// <summary>Gets the prompt tokens.</summary>
    public long PromptTokens { get; init; }

    /// <summary>Gets the completion tokens.</summary>
    public long CompletionTokens { get; init; }

    /// <summary>Gets the total tokens; prompt + completion when <see langword="null"/>.</summary>
    public long? TotalTokens { get; init; }

    /// <summary>Gets when the request started (the column the v2 window filters on).</summary>
    public DateTimeOffset StartTime { get; init; }

    /// <summary>Gets when the request ended.</summary>
    public DateTimeOffset EndTime { get; init; }

    /// <summary>Gets when the first token arrived; equals <see cref="EndTime"/> when not streaming.</summary>
    public DateTimeOffset? CompletionStartTime { get; init; }

    /// <summary>Gets the request duration in milliseconds (newer builds only).</summary>
    public double? RequestDurationMs { get; init; }

    /// <summary>Gets the model.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the model deployment id.</summary>
    public string? ModelId { get; init; }

    /// <summary>Gets the model group (public model name).</summary>
    public string? ModelGroup { get; init; }

    /// <summary>Gets the provider (<c>custom_llm_provider</c>).</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the API base.</summary>
    public string? ApiBase { get; init; }

    /// <summary>Gets the internal user id (<c>user</c>).</summary>
    public string? User { get; init; }

    /// <summary>Gets the team id.</summary>
    public string? TeamId { get; init; }

    /// <summary>Gets the organization id.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>Gets the end user.</summary>
    public string? EndUser { get; init; }

    /// <summary>Gets the requester IP address.</summary>
    public string? RequesterIpAddress { get; init; }

    /// <summary>Gets the session id.</summary>
    public string? SessionId { get; init; }

    /// <summary>Gets the status: <c>success</c>, <c>failure</c> or <see langword="null"/> (legacy, meaning success).</summary>
    public string? Status { get; init; }

    /// <summary>Gets the response-cache flag as LiteLLM writes it: <c>True</c>, <c>False</c> or <c>None</c>.</summary>
    public string CacheHit { get; init; } = "None";

    /// <summary>Gets the cache key (<c>Cache OFF</c> when caching is off).</summary>
    public string? CacheKey { get; init; } = "Cache OFF";

    /// <summary>Gets the request tags.</summary>
    public IReadOnlyList<string> RequestTags { get; init; } = [];

    /// <summary>Gets the metadata object (usage_object, error_information, user_api_key_alias...).</summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>Gets how the timestamps are written.</summary>
    public SpendLogTimestampStyle TimestampStyle { get; init; }

    /// <summary>Gets whether <see cref="Metadata"/> is written as a JSON string rather than an object.</summary>
    public bool MetadataAsString { get; init; }

    /// <summary>Gets whether <see cref="RequestTags"/> is written as a JSON string rather than an array.</summary>
    public bool RequestTagsAsString { get; init; }

    /// <summary>Gets fields a newer LiteLLM release added, written as they are (clients must ignore them).</summary>
    public JsonObject? ExtraFields { get; init; }
}
