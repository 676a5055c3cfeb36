namespace UsageAnalytics.Analytics;

/// <summary>Latency, time-to-first-token, token and throughput state of a group that keeps them (see
/// <see cref="UsageAccumulatorOptions.LatencyBy"/>).</summary>
/// <remarks>
/// Latency, time to first token, tokens per request and throughput describe <b>successful</b> calls, as dashboards
/// built on LiteLLM's spend logs do: failed calls often carry 0 ms, or a start equal to their end. Failed calls'
/// latency is kept apart (exact count, sum, min and max; no sketch).
/// </remarks>
internal sealed class GroupTiming
{
    public RunningStats Latency;
    public RunningStats TimeToFirstToken;
    public RunningStats FailedLatency;

    /// <summary>Total tokens per successful request; with a sketch only where asked (the totals).</summary>
    public RunningStats Tokens;

    public long SuccessfulPromptTokens;
    public long SuccessfulCompletionTokens;

    /// <summary>Completion tokens of the successful rows that have a positive latency (the numerator of tokens per second).</summary>
    public long TimedCompletionTokens;

    /// <summary>Latency of the rows counted in <see cref="TimedCompletionTokens"/>, in milliseconds.</summary>
    public double TimedLatencyMs;

    public GroupTiming(double sketchAccuracy, bool tokenSketch)
    {
        Latency = RunningStats.Empty(new QuantileSketch(sketchAccuracy));
        TimeToFirstToken = RunningStats.Empty(new QuantileSketch(sketchAccuracy));
        FailedLatency = RunningStats.Empty(null);
        Tokens = RunningStats.Empty(tokenSketch ? new QuantileSketch(sketchAccuracy) : null);
    }

    public double SketchAccuracy => Latency.Sketch!.RelativeAccuracy;

    public bool HasTokenSketch => Tokens.Sketch is not null;

    public void Add(in RowFigures row)
    {
        var latency = row.LatencyMs;
        if (row.Failure != 0)
        {
            if (!double.IsNaN(latency))
            {
                FailedLatency.Add(latency);
            }

            return;
        }

        Tokens.Add(row.TotalTokens);
        SuccessfulPromptTokens += row.PromptTokens;
        SuccessfulCompletionTokens += row.CompletionTokens;
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
        FailedLatency.Merge(other.FailedLatency);
        Tokens.Merge(other.Tokens);
        SuccessfulPromptTokens += other.SuccessfulPromptTokens;
        SuccessfulCompletionTokens += other.SuccessfulCompletionTokens;
        TimedCompletionTokens += other.TimedCompletionTokens;
        TimedLatencyMs += other.TimedLatencyMs;
    }
}
