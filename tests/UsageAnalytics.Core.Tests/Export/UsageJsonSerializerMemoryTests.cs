using System.Text;

namespace UsageAnalytics.Export;

/// <summary>The JSON Lines reader's allocation for one huge line. Runs alone (the collection disables parallelism): it
/// allocates about 100 MB, which would disturb the process-wide memory probes of the streaming tests.</summary>
[Collection(UsageJsonSerializerMemoryTests.Name)]
public sealed class UsageJsonSerializerMemoryTests
{
    /// <summary>The name of the non-parallel collection.</summary>
    public const string Name = "UsageJsonSerializerMemory";

    [Fact]
    public async Task ReadRecordsJsonLines_32MbLine_AllocatesAtMostThreeTimesTheLine()
    {
        const int size = 32 * 1024 * 1024;
        var bytes = Encoding.UTF8.GetBytes("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"model\":\"" + new string('m', size) + "\"}\n");
        var stream = new MemoryStream(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var records = await UsageJsonSerializerTests.ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonLinesAsync(stream, 64 * 1024 * 1024));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(size, Assert.Single(records).Model!.Length);
        Console.WriteLine("32 MB line: allocated " + allocated + " bytes, " + (allocated / (double)bytes.Length).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + "x the line");
        Assert.True(allocated <= 3L * bytes.Length, "allocated " + allocated + " bytes for a " + bytes.Length + " byte line");
    }
}

/// <summary>Runs <see cref="UsageJsonSerializerMemoryTests"/> after the parallel tests, alone.</summary>
[CollectionDefinition(UsageJsonSerializerMemoryTests.Name, DisableParallelization = true)]
public sealed class UsageJsonSerializerMemoryDefinition
{
}
