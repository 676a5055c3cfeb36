using System.Buffers;
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
/// offset; <see cref="UsageRecord.CostBreakdown"/> is written as the nested object it is. Output is UTF-8 without a BOM;
/// non-ASCII text is escaped (<c>\uXXXX</c>) by System.Text.Json's default encoder, which every JSON reader accepts.</para>
/// <para>Reading: a record without <c>timestamp</c> is an error; a missing <c>currency</c> reads as
/// <see cref="UsageRecord.DefaultCurrency"/>; members this version does not know are ignored. Any malformed input raises
/// <see cref="UsageJsonFormatException"/>, never a raw <see cref="JsonException"/>.</para>
/// <para>Writers stream: memory stays one buffer of about 32 KB whatever the number of records, written to the stream
/// asynchronously. Streams are neither flushed beyond that nor closed; the caller owns them.</para>
/// </remarks>
public static partial class UsageJsonSerializer
{
    private const int ChunkBytes = 32 * 1024;

    /// <summary>Writes records as JSON Lines (<c>https://jsonlines.org</c>): one compact JSON object per record, each
    /// followed by <c>\n</c>, UTF-8 without a BOM.</summary>
    /// <param name="records">The records, enumerated once with <paramref name="cancellationToken"/>.</param>
    /// <param name="stream">The output stream; flushed, not closed.</param>
    /// <param name="cancellationToken">Stops the export between records.</param>
    /// <returns>The number of records written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/>, <paramref name="stream"/> or a record is
    /// <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<long> WriteRecordsJsonLinesAsync(IAsyncEnumerable<UsageRecord> records, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes + 4096);
        using var json = new Utf8JsonWriter(buffer);
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
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<long> WriteRecordsJsonAsync(IAsyncEnumerable<UsageRecord> records, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes + 4096);
        using var json = new Utf8JsonWriter(buffer);
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

    /// <summary>Reads records written as JSON Lines, one at a time. Blank lines (empty or white space) are skipped.</summary>
    /// <param name="stream">The UTF-8 input (a BOM is accepted); read to its end, not closed.</param>
    /// <param name="cancellationToken">Stops the reading between lines.</param>
    /// <returns>The records, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="UsageJsonFormatException">A line is not a JSON record object (malformed JSON, a wrong type, no
    /// timestamp); <see cref="UsageJsonFormatException.LineNumber"/> is its 1-based line. The records before it have been
    /// yielded.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IAsyncEnumerable<UsageRecord> ReadRecordsJsonLinesAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadLinesAsync(stream, cancellationToken);
    }

    /// <summary>Reads records written as one JSON array, streamed one element at a time.</summary>
    /// <param name="stream">The UTF-8 input; read to its end, not closed.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The records, in array order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="UsageJsonFormatException">The document is not a JSON array of record objects (malformed JSON, a
    /// wrong type, a null element, no timestamp); <see cref="UsageJsonFormatException.LineNumber"/> is the 1-based line
    /// when known. The records before it have been yielded.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IAsyncEnumerable<UsageRecord> ReadRecordsJsonAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadArrayAsync(stream, cancellationToken);
    }

    private static async IAsyncEnumerable<UsageRecord> ReadLinesAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            RecordJson? json;
            try
            {
                json = JsonSerializer.Deserialize(line, UsageExportJsonContext.Default.RecordJson);
            }
            catch (JsonException e)
            {
                throw LineError(lineNumber, line, "is not a valid record (" + e.Message + ")", e);
            }

            yield return ToRecord(json, lineNumber, line);
        }
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

                yield return ToRecord(json, null, null);
            }
        }
    }

    private static UsageRecord ToRecord(RecordJson? json, long? lineNumber, string? line)
    {
        string? error = null;
        var record = json?.ToRecord(out error);
        if (record is not null)
        {
            return record;
        }

        var why = json is null ? "is null, not a record object" : "is not a valid record: " + (error ?? "unknown error");
        throw lineNumber is { } n ? LineError(n, line!, why, null) : new UsageJsonFormatException("A record of the JSON document " + why + ".");
    }

    private static UsageJsonFormatException LineError(long lineNumber, string line, string why, Exception? inner) =>
        new("Line " + lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) + " of the JSON Lines document " + why
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
