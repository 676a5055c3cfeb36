using System.Diagnostics;
using System.Globalization;
using UsageAnalytics.Records;

namespace UsageAnalytics.Benchmarks;

/// <summary>
/// A quick side-by-side of the same dashboard three ways on the same data in one process:
/// <c>dotnet run -c Release --project tests/UsageAnalytics.Benchmarks -- --compare --rows 1000000</c>.
/// Exits with 1 when DuckDB (or LINQ) and the accumulator disagree on any count or sum.
/// </summary>
internal static class CompareRunner
{
    // CPU seconds (all threads of the process) of the run Best() last reported: less distorted than wall time when
    // other work shares the machine, and for a parallel run it shows the total work.
    private static double _lastCpuSeconds;

    public static int Run(string[] args)
    {
        var rows = IntOption(args, "--rows", 1_000_000);
        var repeat = IntOption(args, "--repeat", 3);
        var skipLinq = args.Contains("--skip-linq");
        var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"UsageAnalytics dashboard comparison: {rows:N0} rows, best of {repeat}, {Environment.ProcessorCount} cores, .NET {Environment.Version}"));

        var watch = Stopwatch.StartNew();
        var records = DataGenerator.Generate(rows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated in {watch.Elapsed.TotalSeconds:F1} s; working set with the rows: {Mb(WorkingSet(process))} MB"));

        // Warm the JIT up on a slice so tiered compilation has settled before timing.
        AccumulatorDashboard.Run(records[..Math.Min(records.Length, 200_000)], 1, out _);
        AccumulatorDashboard.Run(records[..Math.Min(records.Length, 200_000)], -1, out _);

        var table = new List<(string Method, double Seconds, double CpuSeconds, long PeakWorkingSet)>();
        DashboardResult? ours = null;
        UsageAnalytics.Analytics.UsageAccumulator? state = null;
        var single = Best(repeat, () => ours = AccumulatorDashboard.Run(records, 1, out state));

        // Measured on an untimed run: what one aggregation allocates (its state, not the rows) and the state's size.
        var before = GC.GetTotalAllocatedBytes(precise: true);
        AccumulatorDashboard.Run(records, 1, out _);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var groups = state!.GroupCount;
        var stateBytes = state.ToJson().Length;
        table.Add(("accumulator, 1 thread", single, _lastCpuSeconds, PeakWorkingSet(process)));
        var parallel = Best(repeat, () => AccumulatorDashboard.Run(records, -1, out _));
        table.Add(($"accumulator, {Environment.ProcessorCount} threads", parallel, _lastCpuSeconds, PeakWorkingSet(process)));

        DashboardResult? linq = null;
        double linqSeconds = double.NaN;
        if (!skipLinq)
        {
            linqSeconds = Best(1, () => linq = LinqDashboard.Run(records));
            table.Add(("LINQ GroupBy/OrderBy", linqSeconds, _lastCpuSeconds, PeakWorkingSet(process)));
        }

        watch.Restart();
        using var duck = DuckDbDashboard.Load(records);
        var loadSeconds = watch.Elapsed.TotalSeconds;
        duck.Run();
        DashboardResult? duckResult = null;
        var duckSeconds = Best(repeat, () => duckResult = duck.Run());
        table.Add(("DuckDB SQL (load excluded)", duckSeconds, _lastCpuSeconds, PeakWorkingSet(process)));

        Console.WriteLine();
        Console.WriteLine($"{"method",-30} {"rows",12} {"seconds",9} {"cpu s",7} {"rows/s",14} {"1-thread is ×",14} {"peak WS MB",11}");
        foreach (var (method, seconds, cpuSeconds, peak) in table)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{method,-30} {rows,12:N0} {seconds,9:F3} {cpuSeconds,7:F2} {rows / seconds,14:N0} {seconds / single,14:F2} {Mb(peak),11}"));
        }

        var exact = linq ?? new DashboardResult();
        if (linq is null)
        {
            exact.Percentiles["latency:*"] = LinqDashboard.Exact(records.Where(r => r.IsSuccess && r.LatencyMs.HasValue).Select(r => r.LatencyMs!.Value));
            exact.Percentiles["ttft:*"] = LinqDashboard.Exact(records.Where(r => r.IsSuccess && r.TimeToFirstTokenMs.HasValue).Select(r => r.TimeToFirstTokenMs!.Value));
        }

        var duckMismatches = Disagreements(ours!, duckResult!, "DuckDB");
        var linqMismatches = linq is null ? 0 : Disagreements(ours!, linq, "LINQ");
        var (oursError, oursWhere) = MaxRelativeError(ours!, exact);
        var (duckError, _) = MaxRelativeError(duckResult!, exact);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DuckDB load with the Appender: {loadSeconds:F1} s (not timed above)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accumulator state: {groups:N0} groups, {allocated / 1024.0 / 1024.0:F1} MB allocated per 1-thread run, {stateBytes / 1024.0 / 1024.0:F1} MB as JSON"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"max percentile error vs exact (p50/p95/p99 of latency and TTFT, overall and per model): accumulator {oursError:P3} ({oursWhere}), DuckDB {duckError:P3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"agreement on every count and sum (totals, model, provider, team, user, day, hour): DuckDB {(duckMismatches == 0 ? "yes" : $"NO ({duckMismatches} differences)")}, LINQ {(linq is null ? "skipped" : linqMismatches == 0 ? "yes" : $"NO ({linqMismatches} differences)")}"));
        Console.WriteLine();
        Target("1-thread ≥ 20M rows/s", rows / single >= 20e6, $"{rows / single / 1e6:F1}M rows/s");
        Target("1-thread ≥ 2× faster than DuckDB", duckSeconds / single >= 2, $"{duckSeconds / single:F2}×");
        Target("1-thread ≥ 20× faster than LINQ", linq is not null && linqSeconds / single >= 20, linq is null ? "skipped" : $"{linqSeconds / single:F1}×");
        Target($"{Environment.ProcessorCount} threads ≥ 1.6× one", single / parallel >= 1.6, $"{single / parallel:F2}×");
        Target("percentile error ≤ 1%", oursError <= 0.01, $"{oursError:P3}");
        return duckMismatches == 0 && linqMismatches == 0 ? 0 : 1;
    }

    private static double Best(int repeat, Action action)
    {
        var best = double.MaxValue;
        for (var i = 0; i < repeat; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var cpu = CpuWatch.StartNew();
            var watch = Stopwatch.StartNew();
            action();
            var seconds = watch.Elapsed.TotalSeconds;
            if (seconds < best)
            {
                best = seconds;
                _lastCpuSeconds = cpu.Elapsed.TotalSeconds;
            }
        }

        return best;
    }

    private static int Disagreements(DashboardResult ours, DashboardResult other, string name)
    {
        var differences = 0;
        void Report(string what, GroupFigures mine, GroupFigures theirs)
        {
            if (mine != theirs)
            {
                if (differences++ < 10)
                {
                    Console.WriteLine($"  {name} disagrees on {what}: ours {mine}, theirs {theirs}");
                }
            }
        }

        Report("totals", ours.Totals, other.Totals);
        foreach (var dimension in DashboardResult.Dimensions)
        {
            var mine = ours.Groups[dimension];
            var theirs = other.Groups[dimension];
            foreach (var key in mine.Keys.Union(theirs.Keys))
            {
                Report($"{dimension}={key}", mine.GetValueOrDefault(key), theirs.GetValueOrDefault(key));
            }
        }

        return differences;
    }

    private static (double Error, string Where) MaxRelativeError(DashboardResult estimate, DashboardResult exact)
    {
        var worst = (0.0, "-");
        foreach (var (key, values) in exact.Percentiles)
        {
            if (!estimate.Percentiles.TryGetValue(key, out var estimated) || estimated.Length != values.Length)
            {
                return (double.PositiveInfinity, key + " missing");
            }

            for (var i = 0; i < values.Length; i++)
            {
                var error = Math.Abs(estimated[i] - values[i]) / Math.Abs(values[i]);
                if (error > worst.Item1)
                {
                    worst = (error, string.Create(CultureInfo.InvariantCulture, $"{key} p{DashboardResult.Quantiles[i] * 100:0}"));
                }
            }
        }

        return worst;
    }

    private static void Target(string name, bool met, string measured) =>
        Console.WriteLine($"  [{(met ? "met" : "MISSED")}] {name}: {measured}");

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1].Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;
    }

    private static long WorkingSet(Process process)
    {
        process.Refresh();
        return process.WorkingSet64;
    }

    private static long PeakWorkingSet(Process process)
    {
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    private static string Mb(long bytes) => (bytes / 1024 / 1024).ToString("N0", CultureInfo.InvariantCulture);
}
