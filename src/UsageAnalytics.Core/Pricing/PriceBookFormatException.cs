namespace UsageAnalytics.Pricing;

/// <summary>
/// Thrown when a price file cannot be read: it is not JSON, its root is not an object, or an entry's price field has a
/// shape or value (negative, not a number) that would give a wrong cost. The message names the model and the field.
/// </summary>
public sealed class PriceBookFormatException : UsageAnalyticsException
{
    /// <summary>Initializes a new instance of the <see cref="PriceBookFormatException"/> class.</summary>
    public PriceBookFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PriceBookFormatException"/> class with a message.</summary>
    /// <param name="message">The message that names the model and the field.</param>
    public PriceBookFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PriceBookFormatException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that names the model and the field.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public PriceBookFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
