using System.Net;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Thrown when LiteLLM's spend-log endpoint could not be read: an HTTP error status (after retries), a
/// timeout or network failure, an oversized or malformed response.
/// </summary>
/// <remarks>The message names the status and the endpoint path; it never contains the API key.</remarks>
public sealed class SpendLogRequestException : UsageAnalyticsException
{
    /// <summary>Initializes a new instance of the <see cref="SpendLogRequestException"/> class.</summary>
    public SpendLogRequestException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SpendLogRequestException"/> class with a message.</summary>
    /// <param name="message">The message that describes the failure.</param>
    public SpendLogRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SpendLogRequestException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that describes the failure.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SpendLogRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SpendLogRequestException"/> class with a message, a status and a cause.</summary>
    /// <param name="message">The message that describes the failure.</param>
    /// <param name="statusCode">The HTTP status LiteLLM answered with, or <see langword="null"/> when no response arrived.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SpendLogRequestException(string message, HttpStatusCode? statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>
    /// Gets the HTTP status LiteLLM answered with; <see langword="null"/> when no response arrived (timeout,
    /// network failure, open circuit).
    /// </summary>
    public HttpStatusCode? StatusCode { get; }
}
