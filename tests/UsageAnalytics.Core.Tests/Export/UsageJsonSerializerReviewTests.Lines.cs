using System.Text;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>The JSON Lines reader reads UTF-8 bytes in pooled chunks, with a line limit.</summary>
public sealed partial class UsageJsonSerializerReviewTests
{
    private const string Minimal = "{\"timestamp\":\"2026-01-01T00:00:00Z\"}";

    [Fact]
    public async Task ReadRecordsJsonLines_LineLongerThanLimit_ThrowsWithLineNumberBeforeReadingItWhole()
    {
        const int limit = 1024 * 1024;
        var stream = new EndlessLineStream(Encoding.UTF8.GetBytes(Minimal + "\n\n{\"model\":\""));

        var exception = await Assert.ThrowsAsync<UsageJsonFormatException>(
            () => UsageJsonSerializerTests.ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonLinesAsync(stream, limit)));

        Assert.Equal(3, exception.LineNumber);
        Assert.Contains("longer than 1048576 bytes", exception.Message, StringComparison.Ordinal);
        Assert.True(stream.BytesRead <= limit + (3 * 64 * 1024), "read " + stream.BytesRead + " bytes");
    }

    [Theory]
    [InlineData("\n", true)]
    [InlineData("\r\n", true)]
    [InlineData("\n", false)]
    public async Task ReadRecordsJsonLines_LineOfExactlyTheLimit_ReadsAndOneByteMoreThrows(string newline, bool terminated)
    {
        var padding = new string('x', 200_000);
        var line = "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"model\":\"" + padding + "\"}";
        var limit = Encoding.UTF8.GetByteCount(line);
        var text = Minimal + newline + line + (terminated ? newline : string.Empty);

        var records = await ReadLinesAsync(text, limit);
        var exception = await Assert.ThrowsAsync<UsageJsonFormatException>(() => ReadLinesAsync(text, limit - 1));

        Assert.Equal(padding, records[1].Model);
        Assert.Equal(2, exception.LineNumber);
    }

    [Fact]
    public async Task ReadRecordsJsonLines_RecordsSpanningChunks_ReadBackExactly()
    {
        var records = new List<UsageRecord>();
        for (var i = 0; i < 40; i++)
        {
            // Multi-byte characters, and escapes land on every offset of the 64 KB chunk boundaries.
            var text = new string('a', (i * 7919) % 70_000) + "é€😀\u2028\"\\" + new string('ü', i * 311);
            records.Add(Row(text) with { Tags = [text[..Math.Min(text.Length, 10)], "t" + i], Dimensions = new Dictionary<string, string> { ["k"] = text } });
        }

        var written = await WriteLinesAsync([.. records]);
        var withBomAndCrlf = "\uFEFF" + written.Replace("\n", "\r\n\r\n", StringComparison.Ordinal);

        var back = await ReadLinesAsync(withBomAndCrlf);

        Assert.Equal(records.Count, back.Count);
        for (var i = 0; i < records.Count; i++)
        {
            UsageJsonSerializerTests.AssertSameRecord(records[i], back[i]);
        }
    }

    [Fact]
    public async Task ReadRecordsJsonLines_UnicodeWhiteSpaceLineAndBomOnly_AreSkippedAsBefore()
    {
        var text = "\uFEFF\u00A0\u2003\t\r\n \n" + Minimal + "\n\u3000";

        var records = await ReadLinesAsync(text);

        Assert.Single(records);
    }

    [Fact]
    public async Task ReadRecordsJsonLines_InvalidUtf8InAString_ThrowsWithLineNumber()
    {
        var bytes = Encoding.UTF8.GetBytes(Minimal + "\n{\"timestamp\":\"2026-01-01T00:00:00Z\",\"model\":\"a\"}\n").ToList();
        bytes.Insert(bytes.Count - 4, 0xC3);
        var stream = new MemoryStream([.. bytes]);

        var exception = await Assert.ThrowsAsync<UsageJsonFormatException>(
            () => UsageJsonSerializerTests.ReadAllAsync(UsageJsonSerializer.ReadRecordsJsonLinesAsync(stream)));

        Assert.Equal(2, exception.LineNumber);
    }

    [Fact]
    public async Task ReadRecordsJsonLines_TwoValuesOnOneLine_ThrowsWithLineNumber()
    {
        var exception = await Assert.ThrowsAsync<UsageJsonFormatException>(() => ReadLinesAsync(Minimal + "\n" + Minimal + " " + Minimal + "\n"));

        Assert.Equal(2, exception.LineNumber);
    }

    [Fact]
    public async Task ReadRecordsJsonLines_ZeroLimit_ThrowsArgumentOutOfRange()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ReadLinesAsync(Minimal, 0));
    }

    /// <summary>A stream of a prefix then 'm' forever: a reader that buffers a line whole never returns.</summary>
    private sealed class EndlessLineStream(byte[] prefix) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = BytesRead + i < prefix.Length ? prefix[BytesRead + i] : (byte)'m';
            }

            BytesRead += buffer.Length;
            return buffer.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
