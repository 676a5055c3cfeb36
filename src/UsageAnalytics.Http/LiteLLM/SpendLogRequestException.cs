using System.Net;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Thrown when LiteLLM's spend-log endpoint could not be read: an HTTP error status (after retries), a timeout, a
/// network failure, an open circuit, an oversized or malformed response. <see cref="Kind"/> says which.
/// </summary>
/// <remarks>The message names the status and the endpoint path; it never contains the API key.</remarks>
public sealed class SpendLogRequestException : UsageAnalyticsException
{
    /// <summary>Initializes a new instance of the <see cref="SpendLogRequestException"/> class, of kind <see cref="SpendLogFailureKind.Other"/>.</summary>
    public SpendLogRequestException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SpendLogRequestException"/> class with a message, of kind <see cref="SpendLogFailureKind.Other"/>.</summary>
    /// <param name="message">The message that describes the failure.</param>
    public SpendLogRequestException(string message)
        : base(message)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="SpendLogRequestException"/> class with a message and a cause, of kind
    /// <see cref="SpendLogFailureKind.Other"/>.
    /// </summary>
    /// <param name="message">The message that describes the failure.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SpendLogRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SpendLogRequestException"/> class with a message, a kind, a status and a cause.</summary>
    /// <param name="message">The message that describes the failure; it must not contain the API key.</param>
    /// <param name="kind">Why the call failed.</param>
    /// <param name="statusCode">The HTTP status LiteLLM answered with, or <see langword="null"/> when no response arrived.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public SpendLogRequestException(string message, SpendLogFailureKind kind, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
    }

    /// <summary>Gets why the call failed; <see cref="SpendLogFailureKind.Other"/> when the exception was created without a kind.</summary>
    public SpendLogFailureKind Kind { get; }

    /// <summary>
    /// Gets the HTTP status LiteLLM answered with; <see langword="null"/> when no response arrived (timeout,
    /// network failure, open circuit).
    /// </summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// Gets the delay LiteLLM's last response asked for in its <c>Retry-After</c> header (a 429 or 503 asking for longer
    /// than <c>UsageAnalytics:LiteLLM:MaxRetryAfter</c> fails at once, without waiting), or <see langword="null"/> when it
    /// had none.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Gets, for a listing that failed, the query of the rows it had not delivered yet (the listing's
    /// <see cref="SpendLogListing.RemainingQuery"/>): list it later, or in another process, to finish. Rows of the window
    /// that failed which were delivered before the failure may be delivered again by it: deduplicate by request id.
    /// <see langword="null"/> for a lookup, or when the exception was not created by a listing.
    /// </summary>
    public SpendLogQuery? ResumeQuery { get; init; }
}
