using System.Diagnostics;
using UsageAnalytics.Analytics;

namespace UsageAnalytics.Benchmarks;

internal static class Experiment
{
    public static int Run()
    {
        var records = DataGenerator.Generate(1_000_000);
        var variants = new (string, UsageAccumulatorOptions)[]
        {
            ("nothing", new UsageAccumulatorOptions { GroupBy = [], PercentilesBy = [], TimeBuckets = [], CountDistinct = false }),
            ("buckets", new UsageAccumulatorOptions { GroupBy = [], PercentilesBy = [], CountDistinct = false }),
            ("model", new UsageAccumulatorOptions { GroupBy = [UsageDimension.Model], PercentilesBy = [], TimeBuckets = [], CountDistinct = false }),
            ("model+pct", new UsageAccumulatorOptions { GroupBy = [UsageDimension.Model], PercentilesBy = [UsageDimension.Model], TimeBuckets = [], CountDistinct = false }),
            ("user", new UsageAccumulatorOptions { GroupBy = [UsageDimension.User], PercentilesBy = [], TimeBuckets = [], CountDistinct = false }),
            ("full", AccumulatorDashboard.Options),
        };
        foreach (var (name, options) in variants)
        {
            var best = double.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var w = Stopwatch.StartNew();
                var acc = new UsageAccumulator(options);
                foreach (var r in records)
                {
                    acc.Add(r);
                }

                best = Math.Min(best, w.Elapsed.TotalMilliseconds);
            }

            var sw = Stopwatch.StartNew();
            var a2 = UsageAccumulator.Aggregate(records, options);
            var t1 = sw.Elapsed.TotalMilliseconds;
            a2.ToSummary();
            Console.WriteLine($"{name,-12} add {best,8:F1} ms  ({best * 1e6 / records.Length,6:F1} ns/row)  summary {sw.Elapsed.TotalMilliseconds - t1,6:F1} ms");
        }

        return 0;
    }
}
