using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using UsageAnalytics.Analytics;
using UsageAnalytics.Export;
using UsageAnalytics.Records;

namespace UsageAnalytics.Benchmarks;

/// <summary>
/// Export throughput and streaming memory:
/// <c>dotnet run -c Release --project tests/UsageAnalytics.Benchmarks -- --export [--rows N] [--repeat N] [--stream-rows N]</c>.
/// Throughput: <see cref="DataGenerator"/>'s rows (default 1,000,000, in memory) through each writer into a stream that
/// counts and discards the bytes, best of N. Streaming: <c>--stream-rows</c> rows (default 10,000,000) made one at a
/// time by an async generator (each a new record, dropped once written) through the CSV and JSON Lines writers; the
/// peak managed heap is sampled every 100,000 rows and the process's peak working set read at the end.
/// </summary>
internal static class ExportRunner
{
    public static int Run(string[] args)
    {
        var rows = IntOption(args, "--rows", 1_000_000);
        var repeat = IntOption(args, "--repeat", 3);
        var streamRows = IntOption(args, "--stream-rows", 10_000_000);
        Console.WriteLine(Text($"UsageAnalytics exports: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load {Load()}"));

        // Streaming first, so the process's peak working set is the stream's and not the in-memory rows'.
        Stream(streamRows, csv: true);
        Stream(streamRows, csv: false);

        var records = DataGenerator.Generate(rows);
        var (book, source) = PricingData.Book();
        var summary = UsageAccumulator.Aggregate(records).ToSummary(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        Console.WriteLine(Text($"{rows:N0} rows in memory, best of {repeat}; FOCUS prices from {source}"));
        Measure("CSV records (25 columns)", rows, repeat, output => UsageCsvWriter.WriteRecords(records, output));
        MeasureAsync("JSON Lines records", rows, repeat, stream => UsageJsonSerializer.WriteRecordsJsonLinesAsync(AsAsync(records), stream));
        Measure("FOCUS 1.2, daily, no price book", rows, repeat, output => FocusExporter.Write(records, output));
        Measure("FOCUS 1.2, daily, price book", rows, repeat, output => FocusExporter.Write(records, output, new FocusExportOptions { PriceBook = book }));
        Measure("chargeback by team", rows, repeat, output => ChargebackCalculator.Create(records, new ChargebackOptions
        {
            Dimension = UsageDimension.Team,
            PeriodStart = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero),
        }).WriteCsv(output));
        Measure("HTML report (from the summary)", 1, repeat, output => UsageReport.WriteAsync(summary, output).GetAwaiter().GetResult());
        return 0;
    }

    private static void Measure(string name, int rows, int repeat, Action<TextWriter> export)
    {
        var best = double.MaxValue;
        long bytes = 0;
        for (var round = 0; round < repeat; round++)
        {
            var sink = new CountingStream();
            using var output = new StreamWriter(sink, leaveOpen: true);
            var watch = Stopwatch.StartNew();
            export(output);
            output.Flush();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            bytes = sink.Length;
        }

        Report(name, rows, best, bytes);
    }

    private static void MeasureAsync(string name, int rows, int repeat, Func<Stream, Task> export)
    {
        var best = double.MaxValue;
        long bytes = 0;
        for (var round = 0; round < repeat; round++)
        {
            var sink = new CountingStream();
            var watch = Stopwatch.StartNew();
            export(sink).GetAwaiter().GetResult();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            bytes = sink.Length;
        }

        Report(name, rows, best, bytes);
    }

    private static void Report(string name, int rows, double seconds, long bytes) =>
        Console.WriteLine(rows > 1
            ? Text($"  {name,-34} {seconds * 1000,9:N1} ms  {rows / seconds / 1e6,7:N2} M rows/s  {bytes / seconds / 1e6,8:N1} MB/s  {bytes / 1e6,9:N1} MB")
            : Text($"  {name,-34} {seconds * 1000,9:N1} ms  {"",16}  {bytes / seconds / 1e6,8:N1} MB/s  {bytes / 1e6,9:N3} MB"));

    private static void Stream(int rows, bool csv)
    {
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = new long[1];
        var sink = new CountingStream();
        var watch = Stopwatch.StartNew();
        long written;
        if (csv)
        {
            using var output = new StreamWriter(sink, leaveOpen: true);
            written = UsageCsvWriter.WriteRecordsAsync(Generate(rows, peak), output).GetAwaiter().GetResult();
            output.Flush();
        }
        else
        {
            written = UsageJsonSerializer.WriteRecordsJsonLinesAsync(Generate(rows, peak), sink).GetAwaiter().GetResult();
        }

        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(Text(
            $"streamed {written:N0} generated rows as {(csv ? "CSV" : "JSON Lines")}: {seconds:N1} s, {written / seconds / 1e6:N2} M rows/s, {sink.Length / 1e9:N2} GB, peak managed heap {(peak[0] - baseline) / 1e6:N1} MB above a {baseline / 1e6:N1} MB baseline, process peak working set {Environment.WorkingSet / 1e6:N0} MB now / {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB peak"));
    }

    private static async IAsyncEnumerable<UsageRecord> Generate(int rows, long[] peak, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < rows; i++)
        {
            if (i % 100_000 == 0)
            {
                peak[0] = Math.Max(peak[0], GC.GetTotalMemory(forceFullCollection: false));
                await Task.Yield();
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return new UsageRecord
            {
                RequestId = "req-" + i.ToString(CultureInfo.InvariantCulture),
                Timestamp = start.AddMilliseconds(i),
                Provider = "openai",
                Model = (i & 3) == 0 ? "gpt-4o" : "gpt-4o-mini",
                TeamId = "team-" + (i % 40).ToString(CultureInfo.InvariantCulture),
                UserId = "user-" + (i % 10_000).ToString(CultureInfo.InvariantCulture),
                PromptTokens = 500 + (i % 1000),
                CompletionTokens = 100 + (i % 300),
                EstimatedCost = 0.0001234m + (i % 100 * 0.000001m),
                ActualCost = (i & 1) == 0 ? 0.00012m : null,
                LatencyMs = 300 + (i % 700),
            };
        }
    }

#pragma warning disable CS1998 // an async iterator over an array: the async writers' input shape
    private static async IAsyncEnumerable<UsageRecord> AsAsync(UsageRecord[] records)
#pragma warning restore CS1998
    {
        foreach (var record in records)
        {
            yield return record;
        }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A write-only stream that counts bytes and keeps none.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }
    }
}
