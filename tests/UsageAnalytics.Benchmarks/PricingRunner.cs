using System.Diagnostics;
using System.Globalization;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Benchmarks;

/// <summary>
/// The price book's two figures from issue "Pricing and reconciliation": how long LiteLLM's full price file takes to
/// load, and how many rows one core prices per second over a realistic mix (<see cref="PricingData"/>):
/// <c>dotnet run -c Release --project tests/UsageAnalytics.Benchmarks -- --pricing [--rows N] [--repeat N]</c>.
/// The load is skipped, with a message, when the shared data is not beside the repository; the throughput then runs on
/// the mix's own entries.
/// </summary>
internal static class PricingRunner
{
    private static decimal _sink;

    public static int Run(string[] args)
    {
        var rows = IntOption(args, "--rows", 1_000_000);
        var repeat = IntOption(args, "--repeat", 5);
        Console.WriteLine(Text($"UsageAnalytics price book: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}"));

        LoadTimes(repeat);
        Throughput(rows, repeat);
        return 0;
    }

    /// <summary>The full catalog: the first load (cold: JIT and a cold file), then the best and median of warm loads.</summary>
    private static void LoadTimes(int repeat)
    {
        if (PricingData.FindCatalog() is not { } path)
        {
            Console.WriteLine("catalog load: skipped: ../" + PricingData.CatalogRelative.Replace('\\', '/') + " is not beside the repository");
            return;
        }

        var bytes = new FileInfo(path).Length;
        var watch = Stopwatch.StartNew();
        var book = PriceBook.LoadFile(path);
        var cold = watch.Elapsed.TotalMilliseconds;

        var warm = new List<double>();
        var cpu = new List<double>();
        for (var i = 0; i < Math.Max(repeat * 2, 10); i++)
        {
            var cpuWatch = CpuWatch.StartNew();
            watch.Restart();
            book = PriceBook.LoadFile(path);
            warm.Add(watch.Elapsed.TotalMilliseconds);
            cpu.Add(cpuWatch.Elapsed.TotalMilliseconds);
        }

        warm.Sort();
        cpu.Sort();
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = PriceBook.LoadFile(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine(Text(
            $"catalog load: {book.Count:N0} models from {bytes / 1024.0 / 1024.0:F2} MB (PriceBook.LoadFile): first {cold:F1} ms, then best {warm[0]:F1} ms, median {warm[warm.Count / 2]:F1} ms of {warm.Count} (CPU best {cpu[0]:F1} ms, median {cpu[cpu.Count / 2]:F1} ms); {allocated / 1024.0 / 1024.0:F1} MB allocated per load"));
    }

    /// <summary>Rows per second of <see cref="PriceBook.Estimate"/> on this thread, best of <paramref name="repeat"/>.</summary>
    private static void Throughput(int count, int repeat)
    {
        var (book, source) = PricingData.Book();
        var records = PricingData.Rows(count);

        // Warm up: tiered JIT and the book's lookup cache settle before timing (as they do in a long-running host).
        for (var i = 0; i < Math.Min(records.Length, 200_000); i++)
        {
            _sink += book.Estimate(records[i]).Cost;
        }

        var best = double.MaxValue;
        var bestCpu = double.MaxValue;
        for (var round = 0; round < repeat; round++)
        {
            var cpu = CpuWatch.StartNew();
            var watch = Stopwatch.StartNew();
            foreach (var record in records)
            {
                _sink += book.Estimate(record).Cost;
            }

            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            bestCpu = Math.Min(bestCpu, cpu.Elapsed.TotalSeconds);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var statuses = new Dictionary<PriceStatus, int>();
        decimal total = 0;
        foreach (var record in records)
        {
            var estimate = book.Estimate(record);
            total += estimate.Cost;
            statuses[estimate.Status] = statuses.GetValueOrDefault(estimate.Status) + 1;
        }

        var allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)records.Length;
        Console.WriteLine(Text(
            $"pricing:      {records.Length:N0} rows with {source}, one thread: best of {repeat} {best * 1000:F0} ms wall = {records.Length / best:N0} rows/s ({best * 1e9 / records.Length:F0} ns/row), {bestCpu * 1e9 / records.Length:F0} ns/row CPU; {allocated:F0} B allocated per row"));
        Console.WriteLine(Text(
            $"              {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => Text($"{s.Key} {s.Value * 100.0 / records.Length:F1}%")))}; total {total:F2} USD"));
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
