namespace UsageAnalytics.Analytics;

/// <summary>The fixed "now" of the analytics tests: 2026-04-03 12:00 UTC, a week after the generated rows start.</summary>
internal static class TestClock
{
    public static readonly DateTimeOffset Now = new(2026, 4, 3, 12, 0, 0, TimeSpan.Zero);
}
