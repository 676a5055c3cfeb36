using System.Diagnostics;
using System.Globalization;
using UsageAnalytics.Monitoring;
using UsageAnalytics.Records;

namespace UsageAnalytics.Benchmarks;

/// <summary>
/// The live monitor's recording throughput: rows/s through <see cref="UsageMonitor.Record"/> with 1, 2, 4 and 8 writer
/// tasks at once, bare and with 3 budgets, 3 alert rules and a draining subscriber, best of N, on the system clock:
/// <c>dotnet run -c Release --project tests/UsageAnalytics.Benchmarks -- --monitor [--rows N] [--repeat N]</c>.
/// Rows are <see cref="DataGenerator"/>'s, re-stamped over the last hour so every window and ranking is updated.
/// </summary>
internal static class MonitorRunner
{
    public static int Run(string[] args)
    {
        var rows = IntOption(args, "--rows", 2_000_000);
        var repeat = IntOption(args, "--repeat", 3);
        Console.WriteLine(Text($"UsageAnalytics monitor: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {rows:N0} rows, best of {repeat}"));
        var now = TimeProvider.System.GetUtcNow();
        var random = new Random(7);
        var records = DataGenerator.Generate(rows).Select(r => r with { Timestamp = now.AddSeconds(-random.Next(3600)) }).ToArray();

        foreach (var full in new[] { false, true })
        {
            foreach (var writers in new[] { 1, 2, 4, 8 })
            {
                var best = double.MaxValue;
                long dropped = 0;
                for (var round = 0; round < repeat; round++)
                {
                    var (seconds, lost) = Once(records, writers, full);
                    if (seconds < best)
                    {
                        best = seconds;
                        dropped = lost;
                    }
                }

                Console.WriteLine(Text($"{(full ? MonitorBenchmarkSetup.Label : "bare"),-34} {writers} writer(s): {records.Length / best,14:N0} rows/s ({best * 1e9 / records.Length:F0} ns/row wall){(full ? Text($", {dropped:N0} events dropped") : "")}"));
            }
        }

        return 0;
    }

    private static (double Seconds, long Dropped) Once(UsageRecord[] records, int writers, bool full)
    {
        var options = full ? MonitorBenchmarkSetup.Full() : new UsageMonitorOptions();
        using var monitor = new UsageMonitor(options);
        using var subscription = full ? monitor.Subscribe(capacity: 4096) : null;
        using var stop = new CancellationTokenSource();
        var drain = subscription is null ? Task.CompletedTask : Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in subscription.ReadAllAsync(stop.Token))
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        // Warm up the JIT on a slice before timing.
        for (var i = 0; i < Math.Min(20_000, records.Length); i++)
        {
            monitor.Record(records[i]);
        }

        using var start = new ManualResetEventSlim();
        var slice = records.Length / writers;
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Factory.StartNew(
            () =>
            {
                start.Wait();
                var end = w == writers - 1 ? records.Length : (w + 1) * slice;
                for (var i = w * slice; i < end; i++)
                {
                    monitor.Record(records[i]);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var watch = Stopwatch.StartNew();
        start.Set();
        Task.WaitAll(tasks);
        var seconds = watch.Elapsed.TotalSeconds;
        monitor.EvaluateNow();
        var dropped = monitor.GetSnapshot().DroppedEvents;
        stop.Cancel();
        drain.Wait();
        return (seconds, dropped);
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
