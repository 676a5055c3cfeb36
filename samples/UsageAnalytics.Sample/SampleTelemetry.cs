using OpenTelemetry;
using OpenTelemetry.Metrics;
using UsageAnalytics.Monitoring;

namespace UsageAnalytics.Sample;

/// <summary>
/// <c>--otel-console</c>: the host (this sample, not the UsageAnalytics packages) adds OpenTelemetry and exports the
/// monitor's GenAI metrics (meter <see cref="GenAIUsageMetrics.MeterName"/>) with the console exporter.
/// </summary>
internal static class SampleTelemetry
{
    /// <summary>Starts the meter provider, or returns <see langword="null"/> when not asked for. Disposing it exports
    /// what was measured since the last export (so a short run still prints its metrics once, at the end).</summary>
    public static MeterProvider? Start(bool console) => console
        ? Sdk.CreateMeterProviderBuilder()
            .AddMeter(GenAIUsageMetrics.MeterName)
            .AddConsoleExporter()
            .Build()
        : null;
}
