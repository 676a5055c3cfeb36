namespace UsageAnalytics.Monitoring;

/// <summary>The periodic spend figures, published at every evaluation (every
/// <see cref="UsageMonitorOptions.CostUpdateInterval"/> and at each <see cref="UsageMonitor.EvaluateNow"/>), before
/// that evaluation's budget and alert events.</summary>
/// <remarks>Spend is the effective cost (actual where known, else estimated) of the rows recorded by this monitor, in
/// <see cref="Currency"/>, exact.</remarks>
public sealed record CostUpdatedEvent : UsageMonitorEvent
{
    /// <summary>Gets the ISO 4217 code of the amounts (<see cref="UsageMonitorOptions.Currency"/>, upper case).</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the spend of the rows timestamped since local midnight today
    /// (<see cref="UsageMonitorOptions.TimeZone"/>), in <see cref="Currency"/>.</summary>
    public required decimal SpendToday { get; init; }

    /// <summary>Gets the spend of the rows timestamped in the current local hour, in <see cref="Currency"/>.</summary>
    public required decimal SpendThisHour { get; init; }

    /// <summary>Gets the spend of every row recorded since the monitor started (late rows included), in
    /// <see cref="Currency"/>.</summary>
    public required decimal SpendTotal { get; init; }
}
