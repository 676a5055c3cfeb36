using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using UsageAnalytics.Export.Internal;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

public static partial class UsageJsonSerializer
{
    /// <summary>Reads records written as JSON Lines, one at a time, lines up to <paramref name="maxLineBytes"/> (by default
    /// <see cref="DefaultMaxLineBytes"/>, 16 MiB). Blank lines (empty or white space) are skipped.</summary>
    /// <remarks>Lines end at <c>\n</c>; a <c>\r</c> before it is dropped. Lines are read as UTF-8 bytes into pooled
    /// 64 KB chunks and parsed from them: reading a line allocates about its length once (less when the chunks are reused
    /// from the pool) plus the record itself, and a line longer than the limit is refused before it is read whole.</remarks>
    /// <param name="stream">The UTF-8 input (a BOM is accepted); read to its end, not closed.</param>
    /// <param name="maxLineBytes">The longest line accepted, in UTF-8 bytes without its line break.</param>
    /// <param name="cancellationToken">Stops the reading between lines.</param>
    /// <returns>The records, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLineBytes"/> is less than 1.</exception>
    /// <exception cref="UsageJsonFormatException">A line is not a JSON record object (malformed JSON, a wrong type, no
    /// timestamp, a null tag or dimension value, deeper than <see cref="MaxDepth"/>) or is longer than
    /// <paramref name="maxLineBytes"/>; <see cref="UsageJsonFormatException.LineNumber"/> is its 1-based line. The records
    /// before it have been yielded.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IAsyncEnumerable<UsageRecord> ReadRecordsJsonLinesAsync(Stream stream, int maxLineBytes = DefaultMaxLineBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        return ReadLinesAsync(stream, maxLineBytes, cancellationToken);
    }

    private static async IAsyncEnumerable<UsageRecord> ReadLinesAsync(Stream stream, int maxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lines = new JsonLineReader(stream, maxLineBytes);
        while (true)
        {
            // Between lines, not only between reads: one 64 KB chunk holds many lines.
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySequence<byte> line;
            try
            {
                if (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is not { } next)
                {
                    yield break;
                }

                line = next;
            }
            catch (JsonLineReader.LineTooLongException)
            {
                throw new UsageJsonFormatException(
                    "Line " + lines.LineNumber.ToString(CultureInfo.InvariantCulture) + " of the JSON Lines document is longer than "
                    + maxLineBytes.ToString(CultureInfo.InvariantCulture) + " bytes, the limit of this read.", lines.LineNumber, null);
            }

            if (IsBlank(line))
            {
                continue;
            }

            RecordJson? json;
            try
            {
                json = ParseLine(line);
            }
            catch (JsonException e)
            {
                throw LineError(lines.LineNumber, Preview(line), "is not a valid record (" + e.Message + ")", e);
            }

            yield return ToRecord(json, lines.LineNumber, line);
        }
    }

    private static RecordJson? ParseLine(ReadOnlySequence<byte> line)
    {
        var options = new JsonReaderOptions { MaxDepth = MaxDepth };
        var reader = line.IsSingleSegment ? new Utf8JsonReader(line.FirstSpan, options) : new Utf8JsonReader(line, options);
        var json = JsonSerializer.Deserialize(ref reader, UsageExportJsonContext.Default.RecordJson);
        return reader.Read() ? throw new JsonException("The line holds more than one JSON value.") : json;
    }

    // Blank as string.IsNullOrWhiteSpace: every character is Unicode white space. Decoding stops at the first other one.
    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        var span = line.FirstSpan;
        var first = span.IndexOfAnyExcept(" \t\r\v\f"u8);
        if (first < 0 && line.IsSingleSegment)
        {
            return true;
        }

        if (first >= 0 && span[first] < 0x80)
        {
            return false;
        }

        var bytes = line.IsSingleSegment ? span : line.ToArray();
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) != OperationStatus.Done || !Rune.IsWhiteSpace(rune))
            {
                return false;
            }

            bytes = bytes[consumed..];
        }

        return true;
    }

    private static string Preview(ReadOnlySequence<byte> line) => Encoding.UTF8.GetString(line.Slice(0, Math.Min(line.Length, 800)));
}
