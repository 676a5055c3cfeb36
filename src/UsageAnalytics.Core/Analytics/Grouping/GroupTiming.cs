namespace UsageAnalytics.Analytics;

/// <summary>Latency, time-to-first-token and throughput state of a group that keeps them (see
/// <see cref="UsageAccumulatorOptions.LatencyBy"/>): exact count, sum, min and max plus a quantile sketch each.</summary>
internal sealed class GroupTiming
{
    public RunningStats Latency;
    public RunningStats TimeToFirstToken;

    /// <summary>Completion tokens of the rows that have a positive latency (the numerator of tokens per second).</summary>
    public long TimedCompletionTokens;

    /// <summary>Latency of the rows counted in <see cref="TimedCompletionTokens"/>, in milliseconds.</summary>
    public double TimedLatencyMs;

    public GroupTiming(double sketchAccuracy)
    {
        Latency = RunningStats.Empty(new QuantileSketch(sketchAccuracy));
        TimeToFirstToken = RunningStats.Empty(new QuantileSketch(sketchAccuracy));
    }

    public double SketchAccuracy => Latency.Sketch!.RelativeAccuracy;

    public void Add(in RowFigures row)
    {
        var latency = row.LatencyMs;
        if (!double.IsNaN(latency))
        {
            Latency.Add(latency);
            if (latency > 0)
            {
                TimedCompletionTokens += row.CompletionTokens;
                TimedLatencyMs += latency;
            }
        }

        var ttft = row.TimeToFirstTokenMs;
        if (!double.IsNaN(ttft))
        {
            TimeToFirstToken.Add(ttft);
        }
    }

    public void Merge(GroupTiming other)
    {
        Latency.Merge(other.Latency);
        TimeToFirstToken.Merge(other.TimeToFirstToken);
        TimedCompletionTokens += other.TimedCompletionTokens;
        TimedLatencyMs += other.TimedLatencyMs;
    }
}
