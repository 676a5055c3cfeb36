using UsageAnalytics.Records;

namespace UsageAnalytics.Sync;

/// <summary>One row the <see cref="ActualCostSynchronizer"/> could not update, and why.</summary>
public sealed record SyncFailure
{
    /// <summary>Gets the input row, unchanged.</summary>
    public required UsageRecord Record { get; init; }

    /// <summary>Gets the request id that was looked up.</summary>
    public required string RequestId { get; init; }

    /// <summary>Gets the kind of failure.</summary>
    public required SyncFailureReason Reason { get; init; }

    /// <summary>Gets a description of the failure (never the API key).</summary>
    public required string Message { get; init; }
}
