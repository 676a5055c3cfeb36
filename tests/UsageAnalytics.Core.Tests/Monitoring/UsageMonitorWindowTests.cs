using Microsoft.Extensions.Time.Testing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Monitoring;

public sealed class UsageMonitorWindowTests
{
    // Asia/Kolkata is UTC+05:30: its local hours start at half past the UTC hour.
    private static readonly TimeZoneInfo _kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
    private static readonly TimeSpan _ist = TimeSpan.FromHours(5.5);

    [Fact]
    public void GetSnapshot_MinuteHourAndDayRollOver_FiguresFollowTheLocalClock()
    {
        // Local 2026-06-10 23:58:30 IST = 18:28:30 UTC.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 23, 58, 30, _ist));
        using var monitor = new UsageMonitor(new UsageMonitorOptions { TimeZone = _kolkata, CostUpdateInterval = Timeout.InfiniteTimeSpan }, clock);

        monitor.Record(Row(clock.GetUtcNow(), 1m));
        clock.Advance(TimeSpan.FromMinutes(1)); // 23:59:30
        monitor.Record(Row(clock.GetUtcNow(), 2m));
        monitor.Record(Row(new DateTimeOffset(2026, 6, 10, 23, 58, 45, _ist), 4m)); // the previous minute
        var beforeMidnight = monitor.GetSnapshot();

        // The minute holds the 2.00 row only; the hour and the day hold 1 + 2 + 4 = 7.
        Assert.Equal(2m, beforeMidnight.ThisMinute.Figures.EffectiveCost);
        Assert.Equal(new DateTimeOffset(2026, 6, 10, 23, 59, 0, _ist), beforeMidnight.ThisMinute.Start);
        Assert.Equal(new DateTimeOffset(2026, 6, 11, 0, 0, 0, _ist), beforeMidnight.ThisMinute.End);
        Assert.Equal(7m, beforeMidnight.ThisHour.Figures.EffectiveCost);
        Assert.Equal(new DateTimeOffset(2026, 6, 10, 23, 0, 0, _ist), beforeMidnight.ThisHour.Start);
        Assert.Equal(7m, beforeMidnight.Today.Figures.EffectiveCost);
        Assert.Equal(new DateTimeOffset(2026, 6, 10, 0, 0, 0, _ist), beforeMidnight.Today.Start);
        Assert.Equal(_ist, beforeMidnight.AsOf.Offset);

        clock.Advance(TimeSpan.FromMinutes(1)); // 2026-06-11 00:00:30: a new minute, hour and day
        monitor.Record(Row(clock.GetUtcNow(), 8m));
        monitor.Record(Row(new DateTimeOffset(2026, 6, 10, 23, 59, 50, _ist), 16m)); // yesterday: late
        var afterMidnight = monitor.GetSnapshot();

        Assert.Equal(8m, afterMidnight.ThisMinute.Figures.EffectiveCost);
        Assert.Equal(8m, afterMidnight.ThisHour.Figures.EffectiveCost);
        Assert.Equal(8m, afterMidnight.Today.Figures.EffectiveCost);
        Assert.Equal(new DateTimeOffset(2026, 6, 11, 0, 0, 0, _ist), afterMidnight.Today.Start);
        Assert.Equal(new DateTimeOffset(2026, 6, 12, 0, 0, 0, _ist), afterMidnight.Today.End);

        // Totals: 1 + 2 + 4 + 8 + 16 = 31 over five rows, one of them late.
        Assert.Equal(31m, afterMidnight.Totals.Figures.EffectiveCost);
        Assert.Equal(5, afterMidnight.Records);
        Assert.Equal(1, afterMidnight.LateRecords);
        Assert.Equal(new DateTimeOffset(2026, 6, 10, 23, 58, 30, _ist), afterMidnight.Totals.Start);

        clock.Advance(TimeSpan.FromHours(1)); // 01:00:30: a new hour, the same day
        monitor.Record(Row(clock.GetUtcNow(), 32m));
        monitor.Record(Row(new DateTimeOffset(2026, 6, 11, 0, 59, 0, _ist), 64m)); // the previous hour
        var nextHour = monitor.GetSnapshot();

        // The hour holds 32; the day 8 + 32 + 64 = 104.
        Assert.Equal(32m, nextHour.ThisMinute.Figures.EffectiveCost);
        Assert.Equal(32m, nextHour.ThisHour.Figures.EffectiveCost);
        Assert.Equal(new DateTimeOffset(2026, 6, 11, 1, 0, 0, _ist), nextHour.ThisHour.Start);
        Assert.Equal(104m, nextHour.Today.Figures.EffectiveCost);
        Assert.Equal(1, nextHour.LateRecords);
    }

    [Fact]
    public void GetSnapshot_NoRowsAfterRollover_CurrentWindowsAreEmpty()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 12, 0, 0, _ist));
        using var monitor = new UsageMonitor(new UsageMonitorOptions { TimeZone = _kolkata, CostUpdateInterval = Timeout.InfiniteTimeSpan }, clock);
        monitor.Record(Row(clock.GetUtcNow(), 5m));

        clock.Advance(TimeSpan.FromHours(1));
        var snapshot = monitor.GetSnapshot();

        Assert.Equal(0, snapshot.ThisMinute.Figures.Requests);
        Assert.Equal(0, snapshot.ThisHour.Figures.Requests);
        Assert.Equal(5m, snapshot.Today.Figures.EffectiveCost);
        Assert.Equal(5m, snapshot.Totals.Figures.EffectiveCost);
    }

    [Fact]
    public void GetSnapshot_SpendThisHour_RanksKeysAndModelsBySpend()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.Zero));
        using var monitor = new UsageMonitor(new UsageMonitorOptions { TopCount = 2, CostUpdateInterval = Timeout.InfiniteTimeSpan }, clock);
        var now = clock.GetUtcNow();

        monitor.Record(Row(now, 1m) with { KeyAlias = "a", Model = "gpt-4o" });
        monitor.Record(Row(now, 3m) with { KeyAlias = "b", Model = "o3" });
        monitor.Record(Row(now, 2.5m) with { KeyAlias = "a", Model = "gpt-4o" });
        monitor.Record(Row(now, 0.5m) with { KeyAlias = "c", Model = "mini" });
        monitor.Record(Row(now.AddHours(-2), 100m) with { KeyAlias = "old", Model = "old" }); // not this hour
        var snapshot = monitor.GetSnapshot();

        // a: 1 + 2.5 = 3.5 over two rows, b: 3, c: 0.5 (cut by TopCount = 2).
        Assert.Equal(["a", "b"], snapshot.TopKeys.Select(g => g.Key));
        Assert.Equal(3.5m, snapshot.TopKeys[0].Figures.EffectiveCost);
        Assert.Equal(2, snapshot.TopKeys[0].Figures.Requests);
        Assert.Equal(["gpt-4o", "o3"], snapshot.TopModels.Select(g => g.Key));
        Assert.Equal(Analytics.UsageDimension.Model, snapshot.TopModels[0].Dimension);
    }

    [Fact]
    public void Record_RowInAnotherCurrencyOrInvalid_IsCountedAsRejectedOnly()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.Zero));
        using var monitor = new UsageMonitor(new UsageMonitorOptions { CostUpdateInterval = Timeout.InfiniteTimeSpan }, clock);

        monitor.Record(Row(clock.GetUtcNow(), 1m) with { Currency = "EUR" });
        monitor.Record(Row(clock.GetUtcNow(), 1m) with { PromptTokens = -1 });
        monitor.Record(Row(clock.GetUtcNow(), 2m) with { Currency = "usd" });
        var snapshot = monitor.GetSnapshot();

        Assert.Equal(2, snapshot.RejectedRecords);
        Assert.Equal(1, snapshot.Records);
        Assert.Equal(2m, snapshot.Totals.Figures.EffectiveCost);
    }

    [Fact]
    public void Constructor_BadOptions_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new UsageMonitor(new UsageMonitorOptions { CostUpdateInterval = TimeSpan.FromMilliseconds(10) }));

        Assert.Equal("CostUpdateInterval", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new UsageMonitorOptions { TopCount = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new UsageMonitorOptions { EventCapacity = 0 }.Validate());
    }

    internal static UsageRecord Row(DateTimeOffset at, decimal cost) => new()
    {
        RequestId = "r",
        Timestamp = at,
        Provider = "openai",
        Model = "gpt-4o",
        PromptTokens = 100,
        CompletionTokens = 10,
        EstimatedCost = cost,
        LatencyMs = 250,
    };
}
