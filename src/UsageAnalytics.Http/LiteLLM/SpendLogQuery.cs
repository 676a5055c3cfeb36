namespace UsageAnalytics.LiteLLM;

/// <summary>
/// A query over LiteLLM's spend log: a time window on the request start (required by <c>/spend/logs/v2</c>)
/// and optional filters, each sent only when set.
/// </summary>
/// <remarks>
/// LiteLLM reads the window with one-second resolution, inclusive at both ends; the client widens it outward
/// to whole seconds (<see cref="From"/> rounded down, <see cref="To"/> rounded up), in UTC.
/// </remarks>
public sealed record SpendLogQuery
{
    /// <summary>Gets the start of the window (inclusive), on the row's <c>startTime</c>.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Gets the end of the window (inclusive), on the row's <c>startTime</c>. Must not be before <see cref="From"/>.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Gets the request id to match (<c>request_id</c>).</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets the internal user id to match (<c>user_id</c>).</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the team id to match (<c>team_id</c>).</summary>
    public string? TeamId { get; init; }

    /// <summary>Gets the model to match (<c>model</c>).</summary>
    public string? Model { get; init; }

    /// <summary>Gets the key alias to match (<c>key_alias</c>; LiteLLM matches it partially).</summary>
    public string? KeyAlias { get; init; }

    /// <summary>Gets the session id to match (<c>session_id</c>; LiteLLM matches it partially).</summary>
    public string? SessionId { get; init; }

    /// <summary>Gets the status to match (<c>status_filter</c>): <c>success</c> (which also matches legacy rows) or <c>failure</c>.</summary>
    public string? Status { get; init; }

    /// <summary>
    /// Gets the virtual key to match (<c>api_key</c>), as the lowercase SHA-256 hex of the key: LiteLLM's v2 endpoint
    /// does not hash it for you. Never put a raw key here.
    /// </summary>
    public string? ApiKeyHash { get; init; }

    /// <summary>Gets the end user to match (<c>end_user</c>).</summary>
    public string? EndUser { get; init; }

    /// <summary>
    /// Gets the page size to request, from 1 to 1000; <see langword="null"/> uses the configured
    /// <c>UsageAnalytics:LiteLLM:PageSize</c> (default 100, the maximum older LiteLLM builds accept).
    /// </summary>
    public int? PageSize { get; init; }
}
