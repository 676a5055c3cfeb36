using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <content>Aggregating partitions in parallel and merging them.</content>
public sealed partial class UsageAccumulator
{
    /// <summary>Aggregates rows into a new accumulator, optionally on several threads.</summary>
    /// <param name="records">The rows. A list or array is split into contiguous ranges; any other sequence is
    /// read in chunks by the worker threads.</param>
    /// <param name="options">What to keep; <see langword="null"/> for <see cref="UsageAccumulatorOptions.Default"/>.</param>
    /// <param name="maxDegreeOfParallelism">The number of threads: 1 (the default) aggregates on the calling thread;
    /// -1 uses every core.</param>
    /// <returns>The accumulator holding every row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null or contains null.</exception>
    /// <exception cref="ArgumentException">A row is refused (see <see cref="Add"/>); nothing is returned. On several
    /// threads the first failure is rethrown as itself, not wrapped in an <see cref="AggregateException"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static UsageAccumulator Aggregate(IEnumerable<UsageRecord> records, UsageAccumulatorOptions? options = null, int maxDegreeOfParallelism = 1) =>
        AggregateCountingPartials(records, options, maxDegreeOfParallelism, out _);

    /// <summary>Aggregates like <see cref="Aggregate(IEnumerable{UsageRecord}, UsageAccumulatorOptions?, int)"/> and
    /// tells how many partial accumulators it created: one per thread whatever the number of rows, so memory stays
    /// O(threads × groups).</summary>
    internal static UsageAccumulator AggregateCountingPartials(IEnumerable<UsageRecord> records, UsageAccumulatorOptions? options, int maxDegreeOfParallelism, out int partialCount)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (maxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use 1 or more threads, or -1 for every core.");
        }

        options ??= UsageAccumulatorOptions.Default;
        var threads = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        var result = new UsageAccumulator(options);
        partialCount = 0;
        if (threads == 1)
        {
            result.AddRange(records);
            return result;
        }

        if (records is IReadOnlyList<UsageRecord> list)
        {
            var parts = new UsageAccumulator[threads];
            Unwrapped(() => Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
            {
                var accumulator = new UsageAccumulator(options);
                var start = (int)((long)list.Count * part / threads);
                var end = (int)((long)list.Count * (part + 1) / threads);
                if (list is UsageRecord[] array)
                {
                    for (var i = start; i < end; i++)
                    {
                        accumulator.Add(array[i]);
                    }
                }
                else
                {
                    for (var i = start; i < end; i++)
                    {
                        accumulator.Add(list[i]);
                    }
                }

                parts[part] = accumulator;
            }));
            foreach (var part in parts)
            {
                result.Merge(part);
            }

            partialCount = parts.Length;
            return result;
        }

        // Exactly one partition (a chunk-pulling view of the one shared enumerator) and one accumulator per thread:
        // Parallel.ForEach would start a new local accumulator for every task it schedules, so their number, and
        // memory, would grow with the rows.
        var partitions = Partitioner.Create(records).GetPartitions(threads);
        var partials = new UsageAccumulator[threads];
        var created = 0;
        try
        {
            Unwrapped(() => Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, (part, loop) =>
            {
                var accumulator = new UsageAccumulator(options);
                Interlocked.Increment(ref created);
                var partition = partitions[part];
                while (!loop.ShouldExitCurrentIteration && partition.MoveNext())
                {
                    accumulator.Add(partition.Current);
                }

                partials[part] = accumulator;
            }));
        }
        finally
        {
            foreach (var partition in partitions)
            {
                partition.Dispose();
            }
        }

        foreach (var partial in partials)
        {
            result.Merge(partial);
        }

        partialCount = created;
        return result;
    }

    /// <summary>Aggregates several asynchronous partitions concurrently (one accumulator each) and merges them.</summary>
    /// <param name="partitions">The partitions, for example one query per shard or per day.</param>
    /// <param name="options">What to keep; <see langword="null"/> for <see cref="UsageAccumulatorOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The accumulator holding every row of every partition.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="partitions"/> is null or contains null, or a partition yields a null row.</exception>
    /// <exception cref="ArgumentException">A row is refused (see <see cref="Add"/>); nothing is returned.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<UsageAccumulator> AggregateAsync(
        IReadOnlyList<IAsyncEnumerable<UsageRecord>> partitions,
        UsageAccumulatorOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        options ??= UsageAccumulatorOptions.Default;
        var tasks = new Task<UsageAccumulator>[partitions.Count];
        for (var i = 0; i < partitions.Count; i++)
        {
            var partition = partitions[i] ?? throw new ArgumentNullException(nameof(partitions), "A partition is null.");
            tasks[i] = Task.Run(
                async () =>
                {
                    var accumulator = new UsageAccumulator(options);
                    await accumulator.AddRangeAsync(partition, cancellationToken).ConfigureAwait(false);
                    return accumulator;
                },
                cancellationToken);
        }

        var parts = await Task.WhenAll(tasks).ConfigureAwait(false);
        var result = new UsageAccumulator(options);
        foreach (var part in parts)
        {
            result.Merge(part);
        }

        return result;
    }

    /// <summary>Runs a parallel loop and rethrows its first failure as itself, so the exceptions documented for one
    /// thread are the ones callers see on several.</summary>
    private static void Unwrapped(Action loop)
    {
        try
        {
            loop();
        }
        catch (AggregateException exception) when (exception.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(exception.InnerExceptions[0]).Throw();
        }
    }
}
