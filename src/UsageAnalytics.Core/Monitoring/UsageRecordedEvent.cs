using UsageAnalytics.Records;

namespace UsageAnalytics.Monitoring;

/// <summary>A successful call was recorded (<see cref="UsageRecord.IsSuccess"/>); a failed one is a
/// <see cref="UsageErrorEvent"/> instead, so each recorded row gives exactly one of the two.</summary>
public sealed record UsageRecordedEvent : UsageMonitorEvent
{
    /// <summary>Gets the recorded row.</summary>
    public required UsageRecord Record { get; init; }
}
