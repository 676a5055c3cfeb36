using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>FOCUS memory is bounded by the output rows, not the records. Reads the whole process's managed heap, so it
/// runs alone, after the parallel tests.</summary>
[Collection(UsageJsonSerializerMemoryTests.Name)]
public sealed class FocusExporterMemoryTests
{
    private static readonly DateTimeOffset _day = new(2026, 2, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Write_ManyRecordsInFewGroups_KeepsMemoryBoundedByGroups()
    {
        long? early = null, late = null;
        IEnumerable<UsageRecord> Stream()
        {
            for (var i = 0; i < 400_000; i++)
            {
                if (i == 10_000)
                {
                    early = GC.GetTotalMemory(forceFullCollection: true);
                }

                yield return new UsageRecord { Timestamp = _day.AddMinutes(i % 1440), Model = "m" + (i % 3), PromptTokens = 10, CompletionTokens = 5, EstimatedCost = 0.001m };
            }

            late = GC.GetTotalMemory(forceFullCollection: true);
        }

        var result = FocusExporter.Write(Stream(), TextWriter.Null);

        Assert.Equal((400_000L, 3L), (result.Records, result.RowsWritten));
        Assert.Equal(400m, result.BilledCost);
        Assert.True(late - early < 2_000_000, $"memory grew by {late - early} bytes over 390,000 records");
    }
}
