using System.Runtime.CompilerServices;
using System.Text;
using UsageAnalytics.Records;
using Xunit.Abstractions;

namespace UsageAnalytics.Export;

// Measures the whole process's managed heap: run alone, after the parallel tests, so no other test's allocations count.
[Collection(UsageJsonSerializerMemoryTests.Name)]
public sealed class UsageCsvWriterStreamingTests(ITestOutputHelper output)
{
    private const long Rows = 10_000_000;
    private const long SampleEvery = 100_000;

    [Fact]
    public async Task WriteRecordsAsync_TenMillionNewRecords_KeepsMemoryConstant()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(true);
        var probe = new MemoryProbe(baseline);
        var sink = new CountingWriter();
        var options = new UsageCsvOptions
        {
            Columns = [UsageCsvColumn.Timestamp, UsageCsvColumn.RequestId, UsageCsvColumn.Model, UsageCsvColumn.PromptTokens, UsageCsvColumn.EstimatedCost, UsageCsvColumn.LatencyMs],
        };

        var count = await UsageCsvWriter.WriteRecordsAsync(Generate(probe), sink, options);

        output.WriteLine($"rows {count:N0}, chars {sink.Chars:N0}, flushes {sink.Flushes:N0}, peak growth {probe.PeakGrowth / 1024.0 / 1024.0:F1} MB over baseline {baseline / 1024.0 / 1024.0:F1} MB ({probe.Samples} samples)");
        Assert.Equal(Rows, count);
        Assert.Equal(100, probe.Samples);
        Assert.True(sink.Flushes > 1000, "the writer was flushed as the export went, not only at the end");
        Assert.True(sink.Chars > Rows * 40, "every row reached the writer");
        Assert.True(probe.PeakGrowth < 64L * 1024 * 1024, $"peak growth {probe.PeakGrowth} bytes");
    }

    // A new record per row, so an accidental list of them would hold > 1 GB.
    private static async IAsyncEnumerable<UsageRecord> Generate(MemoryProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (long i = 0; i < Rows; i++)
        {
            if (i % SampleEvery == 0 && i > 0)
            {
                probe.Sample();
            }

            if (i % 4096 == 0)
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
            }

            yield return new UsageRecord
            {
                Timestamp = start.AddTicks(i * TimeSpan.TicksPerMillisecond),
                RequestId = "req",
                Model = "gpt-4o",
                PromptTokens = i,
                EstimatedCost = 0.001m,
                LatencyMs = 120.5,
            };
        }

        probe.Sample();
    }

    private sealed class MemoryProbe(long baseline)
    {
        public long PeakGrowth { get; private set; }

        public int Samples { get; private set; }

        public void Sample()
        {
            Samples++;
            PeakGrowth = Math.Max(PeakGrowth, GC.GetTotalMemory(false) - baseline);
        }
    }

    private sealed class CountingWriter : TextWriter
    {
        public long Chars { get; private set; }

        public long Flushes { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Chars++;

        public override void Write(char[] buffer, int index, int count) => Chars += count;

        public override void Write(ReadOnlySpan<char> buffer) => Chars += buffer.Length;

        public override void Write(string? value) => Chars += value?.Length ?? 0;

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            Chars += buffer.Length;
            return Task.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }
    }
}
