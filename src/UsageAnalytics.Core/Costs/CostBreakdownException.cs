namespace UsageAnalytics.Costs;

/// <summary>
/// Thrown when a stored cost breakdown cannot be merged without producing a wrong cost or an unstorable breakdown: an
/// estimated part is not a number (or a numeric string), is negative, or is out of the <see cref="decimal"/> range; the
/// actual cost (estimated parts + LLM spend) is out of the <see cref="decimal"/> range; or the breakdown cannot be
/// written as JSON. A synchronizer treats it as a malformed row.
/// </summary>
public sealed class CostBreakdownException : UsageAnalyticsException
{
    /// <summary>Initializes a new instance of the <see cref="CostBreakdownException"/> class.</summary>
    public CostBreakdownException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CostBreakdownException"/> class with a message.</summary>
    /// <param name="message">The message that names the offending key.</param>
    public CostBreakdownException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CostBreakdownException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that names the offending key.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public CostBreakdownException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
