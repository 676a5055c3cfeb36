namespace UsageAnalytics.Analytics;

/// <summary>
/// Reads the fields the <see cref="UsageSummaryAggregator"/> needs from an application's own row type, so an
/// application can aggregate its entities without mapping them to <see cref="Records.UsageRecord"/>.
/// </summary>
/// <typeparam name="T">The application's row type.</typeparam>
/// <remarks>Only <see cref="EstimatedCost"/> is required; a field without a selector reads as absent (null or 0).</remarks>
public sealed class UsageProjection<T>
{
    /// <summary>Gets the selector of the estimated cost.</summary>
    public required Func<T, decimal> EstimatedCost { get; init; }

    /// <summary>Gets the selector of the actual cost (null while estimated only).</summary>
    public Func<T, decimal?>? ActualCost { get; init; }

    /// <summary>Gets the selector of the request id.</summary>
    public Func<T, string?>? RequestId { get; init; }

    /// <summary>Gets the selector of the provider.</summary>
    public Func<T, string?>? Provider { get; init; }

    /// <summary>Gets the selector of the model.</summary>
    public Func<T, string?>? Model { get; init; }

    /// <summary>Gets the selector of the service.</summary>
    public Func<T, string?>? Service { get; init; }

    /// <summary>Gets the selector of the status (<c>success</c>, <c>failure</c>; null reads as success).</summary>
    public Func<T, string?>? Status { get; init; }

    /// <summary>Gets the selector of the prompt tokens.</summary>
    public Func<T, long>? PromptTokens { get; init; }

    /// <summary>Gets the selector of the completion tokens.</summary>
    public Func<T, long>? CompletionTokens { get; init; }
}
