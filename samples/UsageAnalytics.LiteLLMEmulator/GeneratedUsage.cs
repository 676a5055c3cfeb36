using UsageAnalytics.Records;

namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>What <see cref="UsageDataGenerator"/> made: the proxy's spend log and the application's own usage rows.</summary>
public sealed record GeneratedUsage
{
    /// <summary>Gets the spend-log rows the emulated proxy serves, oldest first.</summary>
    public required IReadOnlyList<SpendLogRow> SpendLogs { get; init; }

    /// <summary>Gets the application's usage rows with estimated costs (no actual cost yet), oldest first.</summary>
    public required IReadOnlyList<UsageRecord> UsageRecords { get; init; }
}
