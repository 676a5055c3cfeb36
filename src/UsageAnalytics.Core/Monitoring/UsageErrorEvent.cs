using UsageAnalytics.Records;

namespace UsageAnalytics.Monitoring;

/// <summary>A failed call was recorded (<see cref="UsageRecord.IsSuccess"/> is <see langword="false"/>); its
/// <see cref="UsageRecord.ErrorType"/> says why.</summary>
public sealed record UsageErrorEvent : UsageMonitorEvent
{
    /// <summary>Gets the recorded row.</summary>
    public required UsageRecord Record { get; init; }
}
