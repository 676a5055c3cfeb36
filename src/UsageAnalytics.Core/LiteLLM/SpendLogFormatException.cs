namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Thrown when a LiteLLM spend-log row cannot be read: a required field is missing, or a value has a shape or
/// range (such as a negative or non-finite <c>spend</c>) that would otherwise produce a wrong cost.
/// </summary>
public sealed class SpendLogFormatException : UsageAnalyticsException
{
    /// <summary>Initializes a new instance of the <see cref="SpendLogFormatException"/> class.</summary>
    public SpendLogFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SpendLogFormatException"/> class with a message.</summary>
    /// <param name="message">The message that names the offending field.</param>
    public SpendLogFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SpendLogFormatException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that names the offending field.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SpendLogFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
