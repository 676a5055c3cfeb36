namespace UsageAnalytics.Analytics;

/// <summary>Usage in one recurring slot of the accumulator's time zone: one hour of the day (0–23) or one day of the
/// week.</summary>
/// <remarks>The figures hold counts, tokens and money; no latency statistics.</remarks>
public sealed record PatternSlot
{
    /// <summary>Gets the slot: the local hour (0–23), or the <see cref="DayOfWeek"/> value (0 = Sunday).</summary>
    public int Slot { get; init; }

    /// <summary>Gets the figures of the rows whose local time falls in the slot.</summary>
    public required UsageFigures Figures { get; init; }
}
