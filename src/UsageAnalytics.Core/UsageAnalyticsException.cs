namespace UsageAnalytics;

/// <summary>
/// The base of the small hierarchy of domain failures that a caller of UsageAnalytics can catch and act on.
/// </summary>
/// <remarks>
/// Bad arguments are reported with the <see cref="ArgumentException"/> family instead, and cancellation with
/// <see cref="OperationCanceledException"/>; neither derives from this type.
/// </remarks>
public class UsageAnalyticsException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="UsageAnalyticsException"/> class.</summary>
    public UsageAnalyticsException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UsageAnalyticsException"/> class with a message.</summary>
    /// <param name="message">The message that describes the failure.</param>
    public UsageAnalyticsException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UsageAnalyticsException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that describes the failure.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public UsageAnalyticsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
