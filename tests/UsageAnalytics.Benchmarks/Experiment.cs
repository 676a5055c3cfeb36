using System.Diagnostics;
using UsageAnalytics.Analytics;

namespace UsageAnalytics.Benchmarks;

/// <summary>Process CPU time, which other processes on the machine do not inflate (unlike wall time).</summary>
internal sealed class CpuWatch
{
    private readonly TimeSpan _start = Process.GetCurrentProcess().TotalProcessorTime;

    public TimeSpan Elapsed => Process.GetCurrentProcess().TotalProcessorTime - _start;

    public static CpuWatch StartNew() => new();
}

/// <summary>
/// A cost breakdown of the accumulator's parts on 1M generated rows, timed in CPU time so concurrent builds on the
/// machine distort it less: <c>dotnet run -c Release --project tests/UsageAnalytics.Benchmarks -- --breakdown</c>;
/// add <c>--full-only</c> for a steady loop to profile (for example under <c>perf record</c>), or <c>--full-median</c>
/// for the median CPU time of the full add loop.
/// </summary>
internal static class Experiment
{
    private static long _sink;

    private static void Time(string name, UsageAnalytics.Records.UsageRecord[] records, Action<UsageAnalytics.Records.UsageRecord> action)
    {
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var w = CpuWatch.StartNew();
            foreach (var r in records)
            {
                action(r);
            }

            best = Math.Min(best, w.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"{name,-20} {best * 1e6 / records.Length,6:F1} ns/row (incl. ~2 ns delegate call)");
    }

    public static int Run(string[] args)
    {
        var records = DataGenerator.Generate(1_000_000);
        if (args.Contains("--full-median"))
        {
            // The full dashboard's add loop, 9 times; the median and best CPU time (for A/B runs of two builds
            // alternated on a busy machine).
            var times = new List<double>();
            for (var i = 0; i < 9; i++)
            {
                var w = CpuWatch.StartNew();
                new UsageAccumulator(AccumulatorDashboard.Options).AddRange(records);
                times.Add(w.Elapsed.TotalMilliseconds * 1e6 / records.Length);
            }

            times.Sort();
            Console.WriteLine($"full AddRange: median {times[4]:F1} ns/row, best {times[0]:F1} ns/row (CPU time)");
            return 0;
        }

        if (args.Contains("--full-only"))
        {
            for (var i = 0; i < 20; i++)
            {
                var accumulator = new UsageAccumulator(AccumulatorDashboard.Options);
                accumulator.AddRange(records);
            }

            return 0;
        }

        var variants = new (string, UsageAccumulatorOptions)[]
        {
            ("nothing", new UsageAccumulatorOptions { GroupBy = [], LatencyBy = [], TimeBuckets = [], CountDistinct = false }),
            ("buckets", new UsageAccumulatorOptions { GroupBy = [], LatencyBy = [], CountDistinct = false }),
            ("model", new UsageAccumulatorOptions { GroupBy = [UsageDimension.Model], LatencyBy = [], TimeBuckets = [], CountDistinct = false }),
            ("model+pct", new UsageAccumulatorOptions { GroupBy = [UsageDimension.Model], LatencyBy = [UsageDimension.Model], TimeBuckets = [], CountDistinct = false }),
            ("user", new UsageAccumulatorOptions { GroupBy = [UsageDimension.User], LatencyBy = [], TimeBuckets = [], CountDistinct = false }),
            ("full", AccumulatorDashboard.Options),
        };
        Console.WriteLine($"GroupState {System.Runtime.CompilerServices.Unsafe.SizeOf<GroupState>()} B, RowFigures {System.Runtime.CompilerServices.Unsafe.SizeOf<RowFigures>()} B");
        Time("read fields", records, r => { _sink += r.PromptTokens + r.CompletionTokens + r.Timestamp.UtcTicks + (r.LatencyMs.HasValue ? 1 : 0); });
        Time("IsSuccess+HasId", records, r => { _sink += (r.IsSuccess ? 1 : 0) + (r.HasRequestId ? 1 : 0); });
        Time("2 decimals->fixed", records, r => { _sink += new FixedMoney(r.EstimatedCost).IsFixed ? 1 : 0; _sink += new FixedMoney(r.ActualCost ?? 0).IsFixed ? 1 : 0; });
        Time("RowFigures", records, r => { var row = new RowFigures(r); _sink += row.Failure; });
        var state = GroupState.Create(0.01);
        Time("RowFigures+Add(sk)", records, r => { var row = new RowFigures(r); state.Add(in row); });
        var plain = GroupState.Create(null);
        Time("RowFigures+Add", records, r => { var row = new RowFigures(r); plain.Add(in row); });
        var sketch = new QuantileSketch();
        Time("sketch add", records, r => sketch.Add(r.LatencyMs ?? 0));
        var dict = new Dictionary<string, GroupState>();
        Time("dict user", records, r => { ref var s = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(dict, r.UserId!, out _); _sink += s.Requests; });
        for (var round = 0; round < 3; round++)
        {
            Time("full per-row Add", records, new UsageAccumulator(AccumulatorDashboard.Options).Add);
            var blockWatch = CpuWatch.StartNew();
            new UsageAccumulator(AccumulatorDashboard.Options).AddRange(records);
            Console.WriteLine($"{"full AddRange",-20} {blockWatch.Elapsed.TotalMilliseconds * 1e6 / records.Length / 1,6:F1} ns/row (one pass)");
        }

        foreach (var (name, options) in variants)
        {
            var best = double.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var w = CpuWatch.StartNew();
                var acc = new UsageAccumulator(options);
                acc.AddRange(records);

                best = Math.Min(best, w.Elapsed.TotalMilliseconds);
            }

            var sw = Stopwatch.StartNew();
            var a2 = UsageAccumulator.Aggregate(records, options);
            var t1 = sw.Elapsed.TotalMilliseconds;
            a2.ToSummary(DateTimeOffset.UnixEpoch);
            Console.WriteLine($"{name,-12} add {best,8:F1} ms  ({best * 1e6 / records.Length,6:F1} ns/row)  summary {sw.Elapsed.TotalMilliseconds - t1,6:F1} ms");
        }

        return 0;
    }
}
