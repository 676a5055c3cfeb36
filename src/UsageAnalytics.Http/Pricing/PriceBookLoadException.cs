using System.Net;

namespace UsageAnalytics.Pricing;

/// <summary>
/// Thrown when a price book could not be loaded from a file, a URL or the LiteLLM proxy's model info.
/// <see cref="Kind"/> says why, <see cref="StatusCode"/> holds the HTTP status when one arrived, and
/// <see cref="Location"/> names where the book was read from.
/// </summary>
/// <remarks>
/// The message and <see cref="Location"/> never contain the LiteLLM API key, and a URL is shown without its user info,
/// query or fragment (which may carry a token). Text quoted from a server or a file is shortened and its control
/// characters escaped. A price file that is not LiteLLM's format gives <see cref="PriceBookLoadFailureKind.Malformed"/>
/// with the <see cref="PriceBookFormatException"/> (naming the model and field) as the inner exception.
/// </remarks>
public sealed class PriceBookLoadException : UsageAnalyticsException
{
    /// <summary>Initializes a new instance of the <see cref="PriceBookLoadException"/> class, of kind <see cref="PriceBookLoadFailureKind.Other"/>.</summary>
    public PriceBookLoadException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PriceBookLoadException"/> class with a message, of kind <see cref="PriceBookLoadFailureKind.Other"/>.</summary>
    /// <param name="message">The message that describes the failure.</param>
    public PriceBookLoadException(string message)
        : base(message)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="PriceBookLoadException"/> class with a message and a cause, of kind
    /// <see cref="PriceBookLoadFailureKind.Other"/>.
    /// </summary>
    /// <param name="message">The message that describes the failure.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public PriceBookLoadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PriceBookLoadException"/> class with every detail.</summary>
    /// <param name="message">The message that describes the failure; it must not contain the API key.</param>
    /// <param name="kind">Why the load failed.</param>
    /// <param name="location">Where the book was read from (a file path, a URL without its query, or the model-info path).</param>
    /// <param name="statusCode">The HTTP status that arrived, or <see langword="null"/> when none did.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public PriceBookLoadException(string message, PriceBookLoadFailureKind kind, string? location, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Location = location;
        StatusCode = statusCode;
    }

    /// <summary>Gets why the load failed; <see cref="PriceBookLoadFailureKind.Other"/> when the exception was created without a kind.</summary>
    public PriceBookLoadFailureKind Kind { get; }

    /// <summary>
    /// Gets where the book was read from: a file path, a URL without its user info, query or fragment, or the LiteLLM
    /// proxy's model-info path; <see langword="null"/> when the exception was created without one.
    /// </summary>
    public string? Location { get; }

    /// <summary>Gets the HTTP status that arrived, or <see langword="null"/> when none did (a file, a timeout, a network failure).</summary>
    public HttpStatusCode? StatusCode { get; }
}
