namespace UsageAnalytics.Export;

/// <summary>
/// A JSON or JSON Lines document given to <see cref="UsageJsonSerializer"/> could not be read: malformed JSON, a value of
/// the wrong type, a missing required field, an unknown time zone or dimension, or an unsupported
/// <c>format_version</c>.
/// </summary>
/// <remarks>The message quotes at most the first 200 characters of the offending line, never more of a row's content.
/// The <see cref="System.Text.Json.JsonException"/> behind it, if any, is the <see cref="Exception.InnerException"/>.</remarks>
public sealed class UsageJsonFormatException : UsageAnalyticsException
{
    /// <summary>Initializes a new instance of the <see cref="UsageJsonFormatException"/> class.</summary>
    public UsageJsonFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UsageJsonFormatException"/> class with a message.</summary>
    /// <param name="message">The message that describes the failure.</param>
    public UsageJsonFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UsageJsonFormatException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that describes the failure.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public UsageJsonFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UsageJsonFormatException"/> class with a message, the line
    /// it concerns and a cause.</summary>
    /// <param name="message">The message that describes the failure.</param>
    /// <param name="lineNumber">The 1-based line of the document, or <see langword="null"/> when unknown.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public UsageJsonFormatException(string message, long? lineNumber, Exception? innerException)
        : base(message, innerException)
    {
        LineNumber = lineNumber;
    }

    /// <summary>Gets the 1-based line of the document the failure was found on (for JSON Lines, the record's line;
    /// blank lines count), or <see langword="null"/> when unknown.</summary>
    public long? LineNumber { get; }
}
