using System.Text;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>
/// JSON Lines written by other tools: raw (unescaped) UTF-8, as Python's <c>ensure_ascii=False</c>, jq, Node or Go
/// write it, in lines longer than the reader's 64 KB chunks, with a multi-byte character across a chunk boundary.
/// </summary>
public sealed class UsageJsonLinesRawUtf8Tests
{
    private const string Prefix = "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"model\":\"";

    [Theory]
    [InlineData("é", 65533)]
    [InlineData("é", 65534)]
    [InlineData("é", 65535)]
    [InlineData("é", 65536)]
    [InlineData("の", 65534)]
    [InlineData("の", 65535)]
    [InlineData("😀", 65533)]
    [InlineData("😀", 65535)]
    public async Task ReadRecordsJsonLines_MultiByteCharacterAcrossAChunk_ReadsTheExactText(string character, int byteOffset)
    {
        var padding = new string('a', byteOffset - Encoding.UTF8.GetByteCount(Prefix));
        var model = padding + character + "aaaaaaaaaa";
        foreach (var bom in new[] { false, true })
        {
            var line = Encoding.UTF8.GetBytes(Prefix + model + "\"}\n");
            var bytes = bom ? [0xEF, 0xBB, 0xBF, .. line] : line;

            var records = await ReadAll(bytes);

            Assert.Equal(model, Assert.Single(records).Model);
        }
    }

    [Fact]
    public async Task ReadRecordsJsonLines_RepeatedNameInCostBreakdown_ThrowsFormatExceptionForThatLine()
    {
        var bytes = Encoding.UTF8.GetBytes(
            "{\"timestamp\":\"2026-01-01T00:00:00Z\"}\n{\"timestamp\":\"2026-01-01T00:00:00Z\",\"cost_breakdown\":{\"a\":1,\"a\":2}}\n");

        var error = await Assert.ThrowsAsync<UsageJsonFormatException>(() => ReadAll(bytes));

        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public async Task ReadRecordsJsonLines_CancelledAfterTheFirstRecord_StopsBeforeTheNextLineOfTheSameChunk()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"timestamp\":\"2026-01-01T00:00:00Z\"}\n", 100)));
        using var cancellation = new CancellationTokenSource();
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in UsageJsonSerializer.ReadRecordsJsonLinesAsync(new MemoryStream(bytes), cancellationToken: cancellation.Token))
            {
                read++;
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(1, read);
    }

    private static async Task<List<UsageRecord>> ReadAll(byte[] bytes)
    {
        var records = new List<UsageRecord>();
        await foreach (var record in UsageJsonSerializer.ReadRecordsJsonLinesAsync(new MemoryStream(bytes)))
        {
            records.Add(record);
        }

        return records;
    }
}
