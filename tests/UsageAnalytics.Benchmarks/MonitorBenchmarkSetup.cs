using UsageAnalytics.Monitoring;

namespace UsageAnalytics.Benchmarks;

/// <summary>The monitor configuration of the "full" rows of <see cref="MonitorRunner"/>.</summary>
internal static class MonitorBenchmarkSetup
{
    public static UsageMonitorOptions Full() => new();
}
