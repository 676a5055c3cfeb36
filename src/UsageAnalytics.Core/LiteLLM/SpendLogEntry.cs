using System.Text.Json;
using System.Text.Json.Nodes;
using UsageAnalytics.Records;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// One row of LiteLLM's spend log (table <c>LiteLLM_SpendLogs</c>), read tolerantly from any of the shapes real
/// proxies send.
/// </summary>
/// <remarks>
/// Use <see cref="Parse(JsonElement)"/> or <see cref="Parse(string)"/> to read a row: timestamps in any of
/// LiteLLM's three styles (all read as UTC), <c>metadata</c> and <c>request_tags</c> as JSON or as JSON strings,
/// <c>cache_hit</c> as a string, spend in exponent notation and blank strings (read as <see langword="null"/>)
/// are all accepted; unknown fields are ignored.
/// <para>Malformed input, decided once for every field:</para>
/// <list type="bullet">
/// <item><description>Duplicate keys (in the row, in <c>metadata</c> as an object or a JSON string, anywhere below):
/// the last value wins, as Python's <c>json.loads</c> reads them.</description></item>
/// <item><description>Invalid UTF-16 (an escaped lone surrogate such as <c>\ud800</c>): a string field holding one is
/// read as absent, a property name holding one is ignored, a string inside <c>metadata</c> or <c>request_tags</c> is
/// read as null; so a <c>request_id</c> or <c>spend</c> holding one refuses the row, and so does a <c>startTime</c>
/// (present but unreadable, see below). Text passed
/// to <see cref="Parse(string)"/> that itself holds a lone surrogate is refused.</description></item>
/// <item><description>Timestamps: only complete date-times in LiteLLM's shapes (<c>2026-08-06T14:30:00+00:00</c>,
/// <c>2024-01-18T18:07:54.071000Z</c>, <c>2025-01-24 09:20:46.847371</c> naive = UTC, with a <c>T</c> or a space, up
/// to seven fractional digits), invariant culture, from 2000-01-01 up to (not including) 2200-01-01 UTC. Anything
/// else (a date alone, "9:0", "Dec 25", Unix seconds, year 1 or 9999) refuses the row for <c>startTime</c> and is
/// absent for <c>endTime</c> (then equal to the start) and <c>completionStartTime</c>. A <c>startTime</c> that is
/// absent or JSON null is allowed (a callback payload, a hand-built row): <see cref="StartTime"/> is then
/// <see langword="null"/>.</description></item>
/// <item><description><c>spend</c> (required: the one figure a merge takes from the row): a number or numeric string
/// from 0 to 1,000,000,000 USD; absent, null, negative, non-finite, beyond decimal range or above that cap (a corrupt
/// value that would let sums overflow) refuses the row. LiteLLM never writes a null spend, and reading a missing one
/// as 0 would merge a silently wrong actual cost.</description></item>
/// <item><description>Token counts: whole numbers (or numeric strings) from 0 to 10^12, fractions truncated; anything
/// else (negative, beyond range, not a number) is read as 0, LiteLLM's own "unknown". Counts that disagree with each
/// other (cache or reasoning tokens reported outside the prompt or completion count, a total above or below prompt +
/// completion) are normalised by one rule, documented step by step on <see cref="SpendLogTokenRepairs"/>, so that
/// <see cref="TotalTokens"/> = <see cref="PromptTokens"/> + <see cref="CompletionTokens"/>,
/// <see cref="CachedPromptTokens"/> + <see cref="CacheWriteTokens"/> ≤ <see cref="PromptTokens"/> and
/// <see cref="ReasoningTokens"/> ≤ <see cref="CompletionTokens"/> always hold; <see cref="TokenRepairs"/> says which
/// repairs a row needed, so repaired rows can be counted. Consistent rows are kept as sent.</description></item>
/// <item><description><c>metadata</c> and <c>request_tags</c> nested deeper than 64 levels, or a JSON string that is
/// not JSON, are read as absent; <see cref="Parse(string)"/> refuses a row nested deeper than 64 levels anywhere
/// (the <see cref="JsonDocument"/> default).</description></item>
/// </list>
/// </remarks>
public sealed record SpendLogEntry
{
    /// <summary>
    /// Gets the row's request id (<c>request_id</c>): the provider's response id (<c>chatcmpl-…</c>, <c>msg_…</c>) or
    /// LiteLLM's own, with <c>_cache_hit&lt;unix time&gt;</c> appended on a response-cache hit's row. Never blank.
    /// </summary>
    public required string RequestId { get; init; }

    /// <summary>
    /// Gets LiteLLM's call id (<c>litellm_call_id</c>, the <c>x-litellm-call-id</c> response header) from the row or, when
    /// absent there, from <c>metadata.litellm_call_id</c>; <see langword="null"/> when neither holds one. Apps that keep
    /// the header rather than the provider's id find their row by it: newer proxies match a <c>request_id</c> lookup
    /// against this column too (LiteLLM PR 39068).
    /// </summary>
    public string? LiteLLMCallId { get; init; }

    /// <summary>Gets the call type (for example <c>acompletion</c>, <c>aembedding</c>).</summary>
    public string? CallType { get; init; }

    /// <summary>Gets the spend LiteLLM computed for the call, in USD. Never negative.</summary>
    public decimal Spend { get; init; }

    /// <summary>Gets the prompt token count, cache reads and writes included (0 may mean unknown); normalised, see
    /// <see cref="TokenRepairs"/>.</summary>
    public long PromptTokens { get; init; }

    /// <summary>Gets the completion token count, reasoning tokens included (0 may mean unknown); normalised, see
    /// <see cref="TokenRepairs"/>.</summary>
    public long CompletionTokens { get; init; }

    /// <summary>Gets the total token count: <see cref="PromptTokens"/> + <see cref="CompletionTokens"/> for every parsed
    /// row (a total of 0, LiteLLM's "unknown", becomes that sum).</summary>
    public long TotalTokens { get; init; }

    /// <summary>Gets the prompt tokens served from the provider's prompt cache, from the usage metadata (a subset of
    /// <see cref="PromptTokens"/>).</summary>
    public long CachedPromptTokens { get; init; }

    /// <summary>Gets the prompt tokens written to the provider's prompt cache, from the usage metadata (a subset of
    /// <see cref="PromptTokens"/>, apart from <see cref="CachedPromptTokens"/>).</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>Gets the reasoning tokens, from the usage metadata or the part of the total a thinking model reported
    /// nowhere else (a subset of <see cref="CompletionTokens"/>).</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>
    /// Gets the repairs the row's token counts needed when it was read (<see cref="SpendLogTokenRepairs.None"/> when
    /// they already agreed, the default for an entry built in code).
    /// </summary>
    /// <remarks>The counts above are the normalised ones; the rule and what each flag means are on
    /// <see cref="SpendLogTokenRepairs"/>. The counts as sent stay readable in <see cref="Metadata"/>'s
    /// <c>usage_object</c> when the proxy wrote one.</remarks>
    public SpendLogTokenRepairs TokenRepairs { get; init; }

    /// <summary>
    /// Gets when the request started (UTC); <see langword="null"/> when the row has no <c>startTime</c> (a callback
    /// payload or a hand-built row). Such a row can still be merged (<c>CostBreakdownMerger</c> reads only the request
    /// id, spend, provider, model and tokens) but cannot become a usage record (<see cref="ToUsageRecord"/>).
    /// </summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>Gets when the request ended (UTC): <c>endTime</c>, or <see cref="StartTime"/> when absent or unreadable.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>Gets when the first token arrived (UTC); equals <see cref="EndTime"/> when not streaming.</summary>
    public DateTimeOffset? CompletionStartTime { get; init; }

    /// <summary>Gets the request duration LiteLLM recorded, in milliseconds, when present.</summary>
    public double? RequestDurationMs { get; init; }

    /// <summary>Gets the model that served the call.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the id of the model deployment.</summary>
    public string? ModelId { get; init; }

    /// <summary>Gets the model group (the public model name on the proxy).</summary>
    public string? ModelGroup { get; init; }

    /// <summary>Gets the provider LiteLLM routed the call to (<c>custom_llm_provider</c>).</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the API base the call went to.</summary>
    public string? ApiBase { get; init; }

    /// <summary>Gets the internal user id (<c>user</c>).</summary>
    public string? User { get; init; }

    /// <summary>Gets the team id, from the row or, when absent, from <c>metadata.user_api_key_team_id</c>.</summary>
    public string? TeamId { get; init; }

    /// <summary>Gets the organization id.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>Gets the end user the caller named.</summary>
    public string? EndUser { get; init; }

    /// <summary>Gets the session id.</summary>
    public string? SessionId { get; init; }

    /// <summary>Gets the alias of the virtual key used, from <c>metadata.user_api_key_alias</c> (never the key).</summary>
    public string? KeyAlias { get; init; }

    /// <summary>Gets the status: <c>success</c> or <c>failure</c>; <see langword="null"/> on legacy rows, which means success.</summary>
    public string? Status { get; init; }

    /// <summary>Gets the error code of a failed call, from <c>metadata.error_information.error_code</c> (for example <c>429</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the error class of a failed call, from <c>metadata.error_information.error_class</c>.</summary>
    public string? ErrorClass { get; init; }

    /// <summary>Gets whether the response came from LiteLLM's own response cache: <see langword="true"/> for
    /// <c>cache_hit</c> <c>"True"</c>; <see langword="false"/> for <c>"False"</c>, <c>"None"</c>, null or an absent field
    /// (no hit happened); <see langword="null"/> only for a value that cannot be read.</summary>
    public bool? CacheHit { get; init; }

    /// <summary>Gets the request tags. Never <see langword="null"/>.</summary>
    public IReadOnlyList<string> RequestTags { get; init; } = [];

    /// <summary>Gets the row's metadata object (parsed when LiteLLM sent it as a JSON string), when present.</summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>
    /// Returns whether this is the row of the call an application knows by <paramref name="id"/>: its
    /// <see cref="RequestId"/> or its <see cref="LiteLLMCallId"/> equals <paramref name="id"/> (ordinal).
    /// </summary>
    /// <param name="id">The id the application kept: the provider's response id or LiteLLM's call id.</param>
    /// <returns><see langword="true"/> when either id matches; <see langword="false"/> for a <see langword="null"/> or blank id.</returns>
    public bool IsFor(string? id) =>
        !string.IsNullOrWhiteSpace(id)
        && (string.Equals(RequestId, id, StringComparison.Ordinal) || string.Equals(LiteLLMCallId, id, StringComparison.Ordinal));

    /// <summary>Gets whether the call failed: <see cref="Status"/> is present and is not <c>success</c>.</summary>
    public bool IsFailure => !string.IsNullOrWhiteSpace(Status) && !Status.AsSpan().Trim().Equals("success", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a spend-log row from its JSON text.</summary>
    /// <param name="json">The JSON object of one row.</param>
    /// <returns>The parsed row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="SpendLogFormatException">The text is not valid JSON (including nesting deeper than 64 levels) or
    /// not valid UTF-16, is not a JSON object, a required field (<c>request_id</c>, <c>spend</c>) is missing or invalid,
    /// or a <c>startTime</c> is present but unreadable; see the remarks on <see cref="SpendLogEntry"/>. No other
    /// exception is thrown for any input.</exception>
    public static SpendLogEntry Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new SpendLogFormatException("The spend-log row is not valid JSON.", ex);
        }
        catch (ArgumentException ex)
        {
            // The text itself holds a lone surrogate, so it cannot be transcoded to UTF-8.
            throw new SpendLogFormatException("The spend-log row is not valid UTF-16 text.", ex);
        }

        using (document)
        {
            return SpendLogParser.Parse(document.RootElement);
        }
    }

    /// <summary>Reads a spend-log row from a JSON element.</summary>
    /// <param name="row">The JSON object of one row.</param>
    /// <returns>The parsed row.</returns>
    /// <exception cref="SpendLogFormatException">The element is not an object, a required field (<c>request_id</c>,
    /// <c>spend</c>) is missing or invalid, or a <c>startTime</c> is present but unreadable; see the remarks on
    /// <see cref="SpendLogEntry"/>. No other exception is thrown for any element.</exception>
    public static SpendLogEntry Parse(JsonElement row) => SpendLogParser.Parse(row);

    /// <summary>
    /// Maps the row to a <see cref="UsageRecord"/> whose <see cref="UsageRecord.ActualCost"/> and
    /// <see cref="UsageRecord.EstimatedCost"/> are both the spend.
    /// </summary>
    /// <returns>The usage record: provider, model, user, team, key alias, session, tags, tokens, cost, latency (end − start),
    /// time to first token (completion start − start, only when streaming), response-cache hit, status and error type.</returns>
    /// <exception cref="SpendLogFormatException">The row has no <see cref="StartTime"/>, so the call cannot be placed in time.</exception>
    public UsageRecord ToUsageRecord()
    {
        var start = StartTime
            ?? throw new SpendLogFormatException($"The spend-log row '{RequestId}' has no startTime, so it cannot become a usage record (it can still be merged).");
        var end = EndTime ?? start;
        double latency = Math.Max(0, (end - start).TotalMilliseconds);
        double? ttft = CompletionStartTime is { } first && first < end && first >= start
            ? (first - start).TotalMilliseconds
            : null;
        return new UsageRecord
        {
            RequestId = RequestId,
            Timestamp = start,
            Provider = Provider,
            Model = Model ?? ModelGroup,
            Service = SpendLogParser.ServiceOf(CallType),
            Status = IsFailure ? "failure" : "success",
            ErrorType = IsFailure ? ErrorCode ?? ErrorClass : null,
            UserId = User ?? EndUser,
            TeamId = TeamId,
            KeyAlias = KeyAlias,
            SessionId = SessionId,
            Tags = RequestTags,
            PromptTokens = PromptTokens,
            CompletionTokens = CompletionTokens,
            CachedPromptTokens = CachedPromptTokens,
            CacheWriteTokens = CacheWriteTokens,
            ReasoningTokens = ReasoningTokens,
            EstimatedCost = Spend,
            ActualCost = Spend,
            LatencyMs = latency,
            TimeToFirstTokenMs = ttft,
            CacheHit = CacheHit,
        };
    }
}
