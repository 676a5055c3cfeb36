using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using UsageAnalytics.Export.Internal;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>
/// Writes and reads usage records as JSON Lines or a JSON array, and summaries as one JSON document, with
/// source-generated (AOT-safe) System.Text.Json metadata.
/// </summary>
/// <remarks>
/// <para>Names are snake_case (<c>prompt_tokens</c>, <c>cost_breakdown</c>). A record holds its stored fields only: the
/// computed <see cref="UsageRecord.TotalTokens"/>, <see cref="UsageRecord.EffectiveCost"/>,
/// <see cref="UsageRecord.IsSuccess"/>, <see cref="UsageRecord.IsActualized"/> and <see cref="UsageRecord.HasRequestId"/>
/// follow from them. Null fields, empty tags and empty dimensions are omitted; token counts and the estimated cost are
/// always written. Decimals are JSON numbers written exactly as stored (scale kept); timestamps are ISO 8601 with their
/// offset; <see cref="UsageRecord.CostBreakdown"/> is written as the nested object it is, at most <see cref="MaxDepth"/>
/// levels deep with the record. A non-finite duration (<see cref="UsageRecord.LatencyMs"/> or
/// <see cref="UsageRecord.TimeToFirstTokenMs"/> NaN or ±Infinity, which JSON cannot hold) is written as absent, as the
/// CSV writer writes an empty cell. Output is UTF-8 without a BOM;
/// non-ASCII text is escaped (<c>\uXXXX</c>) by System.Text.Json's default encoder, which every JSON reader accepts.</para>
/// <para>Reading: a record without <c>timestamp</c> is an error; a missing <c>currency</c> reads as
/// <see cref="UsageRecord.DefaultCurrency"/>; members this version does not know are ignored; a <c>null</c> entry in
/// <c>tags</c> or <c>null</c> value in <c>dimensions</c> is an error (the record's collections hold no nulls). Input is
/// UTF-8 (RFC 8259 §8.1); invalid UTF-8 in a string is an error. Any malformed input raises
/// <see cref="UsageJsonFormatException"/>, never a raw <see cref="JsonException"/>.</para>
/// <para>Writers stream: memory stays one buffer of about 32 KB whatever the number of records, written to the stream
/// asynchronously. Streams are neither flushed beyond that nor closed; the caller owns them.</para>
/// </remarks>
public static partial class UsageJsonSerializer
{
    /// <summary>The deepest nesting of one record's JSON object, counting the record object itself as level 1 and its
    /// <c>cost_breakdown</c> object as level 2: 256. The writers refuse a deeper record and the readers accept any record up
    /// to it, so whatever is written reads back (System.Text.Json's default of 64 would refuse deep breakdowns).</summary>
    public const int MaxDepth = 256;

    /// <summary>The longest line, in UTF-8 bytes without its <c>\n</c> or <c>\r\n</c>, that
    /// <see cref="ReadRecordsJsonLinesAsync"/> accepts by default: 16 MiB (16,777,216 bytes).</summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    private const int ChunkBytes = 32 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { MaxDepth = UsageExportJsonContext.ReadingMaxDepth };

    /// <summary>Writes records as JSON Lines (<c>https://jsonlines.org</c>): one compact JSON object per record, each
    /// followed by <c>\n</c>, UTF-8 without a BOM.</summary>
    /// <param name="records">The records, enumerated once with <paramref name="cancellationToken"/>.</param>
    /// <param name="stream">The output stream; flushed, not closed.</param>
    /// <param name="cancellationToken">Stops the export between records.</param>
    /// <returns>The number of records written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/>, <paramref name="stream"/> or a record is
    /// <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A record's <see cref="UsageRecord.CostBreakdown"/> nests deeper than
    /// <see cref="MaxDepth"/>; the message names its request id. No byte of that record has been written; the records
    /// before it may have been, in part.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<long> WriteRecordsJsonLinesAsync(IAsyncEnumerable<UsageRecord> records, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes + 4096);
        using var json = new Utf8JsonWriter(buffer, WriterOptions);
        long count = 0;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ArgumentNullException.ThrowIfNull(record);
            json.Reset();
            JsonSerializer.Serialize(json, RecordJson.From(record), UsageExportJsonContext.Default.RecordJson);
            json.Flush();
            buffer.Write("\n"u8);
            count++;
            if (buffer.WrittenCount >= ChunkBytes)
            {
                await HandOverAsync(buffer, stream, cancellationToken).ConfigureAwait(false);
            }
        }

        await HandOverAsync(buffer, stream, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>Writes records as one JSON array (<c>[{…},{…}]</c>), streamed, UTF-8 without a BOM.</summary>
    /// <param name="records">The records, enumerated once with <paramref name="cancellationToken"/>.</param>
    /// <param name="stream">The output stream; flushed, not closed.</param>
    /// <param name="cancellationToken">Stops the export between records (the array is then left unterminated).</param>
    /// <returns>The number of records written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/>, <paramref name="stream"/> or a record is
    /// <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A record's <see cref="UsageRecord.CostBreakdown"/> nests deeper than
    /// <see cref="MaxDepth"/>; the message names its request id. No byte of that record has been written; the records
    /// before it may have been, in part.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<long> WriteRecordsJsonAsync(IAsyncEnumerable<UsageRecord> records, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes + 4096);
        using var json = new Utf8JsonWriter(buffer, WriterOptions);
        json.WriteStartArray();
        long count = 0;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ArgumentNullException.ThrowIfNull(record);
            JsonSerializer.Serialize(json, RecordJson.From(record), UsageExportJsonContext.Default.RecordJson);
            count++;
            if (json.BytesPending + buffer.WrittenCount >= ChunkBytes)
            {
                json.Flush();
                await HandOverAsync(buffer, stream, cancellationToken).ConfigureAwait(false);
            }
        }

        json.WriteEndArray();
        json.Flush();
        await HandOverAsync(buffer, stream, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>Reads records written as one JSON array, streamed one element at a time.</summary>
    /// <param name="stream">The UTF-8 input; read to its end, not closed.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The records, in array order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="UsageJsonFormatException">The document is not a JSON array of record objects (malformed JSON, a
    /// wrong type, a null element, no timestamp, a null tag or dimension value, a record deeper than <see cref="MaxDepth"/>);
    /// <see cref="UsageJsonFormatException.LineNumber"/> is the 1-based line
    /// when known. The records before it have been yielded.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IAsyncEnumerable<UsageRecord> ReadRecordsJsonAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadArrayAsync(stream, cancellationToken);
    }

    private static async IAsyncEnumerable<UsageRecord> ReadArrayAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var items = JsonSerializer.DeserializeAsyncEnumerable(stream, UsageExportJsonContext.Default.RecordJson, cancellationToken);
        var enumerator = items.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                RecordJson? json;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    json = enumerator.Current;
                }
                catch (JsonException e)
                {
                    throw new UsageJsonFormatException("The JSON records document is not valid: " + e.Message, e.LineNumber + 1, e);
                }

                yield return ToRecord(json, null, default);
            }
        }
    }

    private static UsageRecord ToRecord(RecordJson? json, long? lineNumber, ReadOnlySequence<byte> line)
    {
        string? error = null;
        var record = json?.ToRecord(out error);
        if (record is not null)
        {
            return record;
        }

        var why = json is null ? "is null, not a record object" : "is not a valid record: " + (error ?? "unknown error");
        throw lineNumber is { } n ? LineError(n, Preview(line), why, null) : new UsageJsonFormatException("A record of the JSON document " + why + ".");
    }

    private static UsageJsonFormatException LineError(long lineNumber, string line, string why, Exception? inner) =>
        new("Line " + lineNumber.ToString(CultureInfo.InvariantCulture) + " of the JSON Lines document " + why
            + ". Line starts: " + SummaryJsonMapper.Cut(line), lineNumber, inner);

    private static async Task HandOverAsync(ArrayBufferWriter<byte> buffer, Stream stream, CancellationToken cancellationToken)
    {
        if (buffer.WrittenCount > 0)
        {
            await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            buffer.ResetWrittenCount();
        }
    }
}
