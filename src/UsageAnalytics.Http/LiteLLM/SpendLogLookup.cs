using System.Net;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// The outcome of <see cref="ISpendLogClient.LookupAsync"/>: the row was found, LiteLLM has none (yet), or the lookup
/// failed and why. Create one with <see cref="Found"/>, <see cref="NotFound"/> or <see cref="Failed"/>.
/// </summary>
public sealed record SpendLogLookup
{
    private SpendLogLookup(
        SpendLogLookupStatus status,
        SpendLogEntry? entry,
        SpendLogFailureKind? failureKind,
        HttpStatusCode? statusCode,
        string? message)
    {
        Status = status;
        Entry = entry;
        FailureKind = failureKind;
        StatusCode = statusCode;
        Message = message;
    }

    /// <summary>Gets the outcome that says LiteLLM has no row for the request (yet).</summary>
    public static SpendLogLookup NotFound { get; } = new(SpendLogLookupStatus.NotFound, null, null, null, null);

    /// <summary>Gets how the lookup ended.</summary>
    public SpendLogLookupStatus Status { get; }

    /// <summary>Gets the row when <see cref="Status"/> is <see cref="SpendLogLookupStatus.Found"/>; otherwise <see langword="null"/>.</summary>
    public SpendLogEntry? Entry { get; }

    /// <summary>Gets why the lookup failed when <see cref="Status"/> is <see cref="SpendLogLookupStatus.Failed"/>; otherwise <see langword="null"/>.</summary>
    public SpendLogFailureKind? FailureKind { get; }

    /// <summary>
    /// Gets the HTTP status of the failed lookup's last response, or <see langword="null"/> when there was none
    /// (timeout, network failure, open circuit) or the lookup did not fail.
    /// </summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// Gets the delay the failed lookup's last response asked for in its <c>Retry-After</c> header (a 429 or 503 asking
    /// for longer than <c>UsageAnalytics:LiteLLM:MaxRetryAfter</c> fails at once, without waiting), or
    /// <see langword="null"/> when it had none. Set it with <c>with</c> on a <see cref="Failed"/> outcome.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets a description of the failure (never the API key), or <see langword="null"/> when the lookup did not fail.</summary>
    public string? Message { get; }

    /// <summary>Creates the outcome of a lookup that found the request's row.</summary>
    /// <param name="entry">The row.</param>
    /// <returns>A <see cref="SpendLogLookupStatus.Found"/> outcome.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is <see langword="null"/>.</exception>
    public static SpendLogLookup Found(SpendLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(SpendLogLookupStatus.Found, entry, null, null, null);
    }

    /// <summary>Creates the outcome of a lookup that failed.</summary>
    /// <param name="kind">Why it failed.</param>
    /// <param name="message">A description of the failure; it must not contain the API key.</param>
    /// <param name="statusCode">The HTTP status of the last response, if there was one.</param>
    /// <returns>A <see cref="SpendLogLookupStatus.Failed"/> outcome.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException"><paramref name="message"/> is <see langword="null"/>, empty or blank.</exception>
    public static SpendLogLookup Failed(SpendLogFailureKind kind, string message, HttpStatusCode? statusCode = null)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined failure kind.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new(SpendLogLookupStatus.Failed, null, kind, statusCode, message);
    }
}
