namespace UsageAnalytics.Analytics;

/// <summary>Usage in one recurring slot: one hour of the day (0–23) or one day of the week (see <see cref="DayOfWeek"/>).</summary>
public sealed record PatternSlot
{
    /// <summary>Gets the slot: the local hour (0–23), or the <see cref="System.DayOfWeek"/> value (0 = Sunday).</summary>
    public int Slot { get; init; }

    /// <summary>Gets the number of rows.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the number of failed rows.</summary>
    public long Failures { get; init; }

    /// <summary>Gets the sum of the effective costs.</summary>
    public decimal EffectiveCost { get; init; }

    /// <summary>Gets the sum of the total tokens.</summary>
    public long TotalTokens { get; init; }
}
