using System.Text;
using UsageAnalytics.Export.Internal;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>
/// Writes usage as CSV: one row per <see cref="UsageRecord"/> (<see cref="WriteRecords"/>,
/// <see cref="WriteRecordsAsync"/>), per group of a summary (<see cref="WriteGroups"/>) or per time bucket
/// (<see cref="WriteTimeSeries"/>).
/// </summary>
/// <remarks>
/// Every CSV follows RFC 4180 (comma separator, CRLF after every row, a cell holding a comma, a double quote, CR or LF
/// is quoted and its quotes doubled) and is culture-invariant (<c>.</c> decimal point, no digit grouping), with
/// timestamps in ISO 8601 UTC. Text that came from users (model, user id, tags, dimension values, group keys, …) is
/// neutralised against CSV injection as OWASP advises: a cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>,
/// tab or CR (also after leading whitespace, and the full-width forms of the four signs) gets a leading <c>'</c> and
/// is quoted, so a spreadsheet shows it as text; and as OWASP warns about the field separator, a <c>'</c> also goes
/// after each <c>,</c> or <c>;</c> inside a text that a formula character follows (<c>x;=1</c> is written
/// <c>x;'=1</c>: Excel in many locales splits a .csv on <c>;</c>). Numbers the library formats
/// (a negative cost such as <c>-0.5</c>) are never altered. The writers neither flush nor close the
/// <see cref="TextWriter"/> except where stated; the caller owns it.
/// </remarks>
public static partial class UsageCsvWriter
{
    // Rows are formatted into a local buffer and handed to the caller's writer in chunks of about this many chars,
    // so the async path never makes a synchronous write to the caller's writer and memory stays one chunk.
    private const int ChunkChars = 32 * 1024;

    /// <summary>Writes one CSV row per record (after a header row when <see cref="UsageCsvOptions.IncludeHeader"/>).</summary>
    /// <param name="records">The rows, read once, one at a time (memory does not grow with their number).</param>
    /// <param name="writer">The output; not flushed or closed.</param>
    /// <param name="options">The columns and header; <see langword="null"/> for <see cref="UsageCsvOptions.Default"/>.</param>
    /// <returns>The number of record rows written, the header excluded.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/>, <paramref name="writer"/> or a record is
    /// <see langword="null"/>.</exception>
    public static long WriteRecords(IEnumerable<UsageRecord> records, TextWriter writer, UsageCsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(writer);
        options ??= UsageCsvOptions.Default;
        var columns = options.Columns;
        var cells = new CsvCellWriter(writer);
        if (options.IncludeHeader)
        {
            WriteHeader(cells, columns);
        }

        long count = 0;
        foreach (var record in records)
        {
            WriteRow(cells, columns, record);
            count++;
        }

        return count;
    }

    /// <summary>
    /// Writes one CSV row per record from an asynchronous source (after a header row when
    /// <see cref="UsageCsvOptions.IncludeHeader"/>), in constant memory: rows are formatted into a buffer of about
    /// 32 K chars that is handed to <paramref name="writer"/> with <see cref="TextWriter.WriteAsync(StringBuilder, CancellationToken)"/>,
    /// and the writer is flushed asynchronously after each chunk, so a <see cref="StreamWriter"/> over a file or a network
    /// stream never holds more than its own buffer and is never written to synchronously.
    /// </summary>
    /// <param name="records">The rows, enumerated once with <paramref name="cancellationToken"/>.</param>
    /// <param name="writer">The output; flushed (not closed) at the end.</param>
    /// <param name="options">The columns and header; <see langword="null"/> for <see cref="UsageCsvOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the export between rows; rows already handed over stay written.</param>
    /// <returns>The number of record rows written, the header excluded.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/>, <paramref name="writer"/> or a record is
    /// <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<long> WriteRecordsAsync(
        IAsyncEnumerable<UsageRecord> records,
        TextWriter writer,
        UsageCsvOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(writer);
        options ??= UsageCsvOptions.Default;
        var columns = options.Columns;
        var buffer = new StringBuilder(ChunkChars + 1024);
        using var bufferWriter = new StringWriter(buffer, System.Globalization.CultureInfo.InvariantCulture);
        var cells = new CsvCellWriter(bufferWriter);
        if (options.IncludeHeader)
        {
            WriteHeader(cells, columns);
        }

        long count = 0;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            WriteRow(cells, columns, record);
            count++;
            if (buffer.Length >= ChunkChars)
            {
                await HandOverAsync(buffer, writer, cancellationToken).ConfigureAwait(false);
            }
        }

        await HandOverAsync(buffer, writer, cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static async Task HandOverAsync(StringBuilder buffer, TextWriter writer, CancellationToken cancellationToken)
    {
        if (buffer.Length > 0)
        {
            await writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Clear();
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteHeader(CsvCellWriter cells, IReadOnlyList<UsageCsvColumn> columns)
    {
        foreach (var column in columns)
        {
            cells.Text(column.Name);
        }

        cells.EndRow();
    }

    private static void WriteRow(CsvCellWriter cells, IReadOnlyList<UsageCsvColumn> columns, UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        for (var i = 0; i < columns.Count; i++)
        {
            columns[i].WriteCell(cells, record);
        }

        cells.EndRow();
    }
}
