using UsageAnalytics.Analytics;
using UsageAnalytics.Export.Internal;

namespace UsageAnalytics.Export;

public static partial class UsageCsvWriter
{
    private static readonly string[] _figureHeaders =
    [
        "requests", "successes", "failures", "error_rate", "estimated_cost", "actual_cost", "effective_cost", "currency",
        "actualized_count", "estimated_only_count", "prompt_tokens", "completion_tokens", "total_tokens",
        "cached_prompt_tokens", "cache_write_tokens", "reasoning_tokens", "cache_hit_rate", "latency_p50_ms",
        "latency_p95_ms", "latency_p99_ms", "ttft_p50_ms", "ttft_p95_ms",
    ];

    /// <summary>
    /// Writes a header and one CSV row per group of <paramref name="dimension"/> in <paramref name="summary"/>, in the
    /// summary's order (effective cost descending): <c>dimension,key,</c> then the figures columns.
    /// </summary>
    /// <remarks>
    /// <para>The figures columns, in this order: requests, successes, failures, error_rate (ratio 0–1 of failed
    /// requests), estimated_cost, actual_cost, effective_cost (exact decimals in <c>currency</c>), currency (the summary's
    /// one ISO 4217 code), actualized_count, estimated_only_count, prompt_tokens, completion_tokens, total_tokens,
    /// cached_prompt_tokens, cache_write_tokens, reasoning_tokens (tokens), cache_hit_rate (ratio 0–1),
    /// latency_p50_ms, latency_p95_ms, latency_p99_ms, ttft_p50_ms, ttft_p95_ms (milliseconds, successful calls only,
    /// from the summary's ±1% sketches). A figure that is <see langword="null"/> (no rows with a cache flag, a group that
    /// keeps no latency statistics) is an empty cell.</para>
    /// <para><c>dimension</c> is <see cref="UsageDimension.Name"/>. The group of rows without a value
    /// (<see cref="UsageGroup.Key"/> <see langword="null"/>, shown as <see cref="UsageGroup.NoneLabel"/> elsewhere) has an
    /// empty <c>key</c> cell, so it cannot be confused with a real value <c>(none)</c>.</para>
    /// </remarks>
    /// <param name="summary">The summary.</param>
    /// <param name="dimension">The dimension; a dimension the summary does not group by writes the header only.</param>
    /// <param name="writer">The output; not flushed or closed.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteGroups(UsageSummary summary, UsageDimension dimension, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(dimension);
        ArgumentNullException.ThrowIfNull(writer);
        var cells = new CsvCellWriter(writer);
        cells.Text("dimension");
        cells.Text("key");
        WriteFigureHeaders(cells);
        foreach (var group in summary.GroupsOf(dimension))
        {
            cells.Text(dimension.Name);
            cells.Text(group.Key);
            WriteFigures(cells, group.Figures, summary.Currency);
        }
    }

    /// <summary>
    /// Writes a header and one CSV row per time bucket of <paramref name="size"/> in <paramref name="summary"/>, in time
    /// order: <c>bucket_start,bucket_end,</c> (ISO 8601 UTC instants; the bucket is [start, end) in the summary's time
    /// zone) then the figures columns of <see cref="WriteGroups"/>.
    /// </summary>
    /// <remarks>Only buckets that hold rows are written (as the summary keeps them). Latency percentiles are empty unless
    /// the accumulator kept <see cref="UsageAccumulatorOptions.LatencyInTimeBuckets"/>.</remarks>
    /// <param name="summary">The summary.</param>
    /// <param name="size">The bucket size; a size the summary does not keep writes the header only.</param>
    /// <param name="writer">The output; not flushed or closed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> or <paramref name="writer"/> is <see langword="null"/>.</exception>
    public static void WriteTimeSeries(UsageSummary summary, TimeBucketSize size, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(writer);
        var cells = new CsvCellWriter(writer);
        cells.Text("bucket_start");
        cells.Text("bucket_end");
        WriteFigureHeaders(cells);
        foreach (var bucket in summary.TimeSeriesOf(size))
        {
            cells.Timestamp(bucket.Start);
            cells.Timestamp(bucket.End);
            WriteFigures(cells, bucket.Figures, summary.Currency);
        }
    }

    private static void WriteFigureHeaders(CsvCellWriter cells)
    {
        foreach (var header in _figureHeaders)
        {
            cells.Text(header);
        }

        cells.EndRow();
    }

    private static void WriteFigures(CsvCellWriter cells, UsageFigures figures, string currency)
    {
        cells.Number(figures.Requests);
        cells.Number(figures.Successes);
        cells.Number(figures.Failures);
        cells.Number(figures.ErrorRate);
        cells.Number(figures.EstimatedCost);
        cells.Number(figures.ActualCost);
        cells.Number(figures.EffectiveCost);
        cells.Text(currency);
        cells.Number(figures.ActualizedCount);
        cells.Number(figures.EstimatedOnlyCount);
        cells.Number(figures.PromptTokens);
        cells.Number(figures.CompletionTokens);
        cells.Number(figures.TotalTokens);
        cells.Number(figures.CachedPromptTokens);
        cells.Number(figures.CacheWriteTokens);
        cells.Number(figures.ReasoningTokens);
        cells.Number(figures.CacheHitRate);
        cells.Number(figures.LatencyMs?.P50);
        cells.Number(figures.LatencyMs?.P95);
        cells.Number(figures.LatencyMs?.P99);
        cells.Number(figures.TimeToFirstTokenMs?.P50);
        cells.Number(figures.TimeToFirstTokenMs?.P95);
        cells.EndRow();
    }
}
