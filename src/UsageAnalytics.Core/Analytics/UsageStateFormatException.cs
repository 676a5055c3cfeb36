namespace UsageAnalytics.Analytics;

/// <summary>Serialized accumulator state could not be read: malformed JSON, a missing field, or an unknown version.</summary>
public sealed class UsageStateFormatException : UsageAnalyticsException
{
    /// <summary>Initializes a new instance of the <see cref="UsageStateFormatException"/> class.</summary>
    public UsageStateFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UsageStateFormatException"/> class with a message.</summary>
    /// <param name="message">The message that describes the failure.</param>
    public UsageStateFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UsageStateFormatException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that describes the failure.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public UsageStateFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
