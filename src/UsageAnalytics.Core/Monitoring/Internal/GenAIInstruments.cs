using System.Diagnostics.Metrics;

namespace UsageAnalytics.Monitoring;

/// <summary>Creates the GenAI instruments, with the histogram bucket advice of the semantic conventions where the
/// runtime supports advice (.NET 9 and later).</summary>
internal static class GenAIInstruments
{
    public static Histogram<long> TokenHistogram(Meter meter) =>
#if NET9_0_OR_GREATER
        meter.CreateHistogram<long>(GenAINames.TokenUsage, "{token}", "Number of input and output tokens used.", tags: null,
            new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864] });
#else
        meter.CreateHistogram<long>(GenAINames.TokenUsage, "{token}", "Number of input and output tokens used.");
#endif

    public static Histogram<double> SecondsHistogram(Meter meter, string name, string description) =>
#if NET9_0_OR_GREATER
        meter.CreateHistogram<double>(name, "s", description, tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });
#else
        meter.CreateHistogram<double>(name, "s", description);
#endif

    public static Counter<double> CostCounter(Meter meter, string currency) =>
        meter.CreateCounter<double>(GenAINames.UsageCost, "{" + currency + "}", "Cost of GenAI calls in " + currency + " (not yet an OpenTelemetry semantic convention).");
}
