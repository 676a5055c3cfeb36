using System.Globalization;
using System.Text;
using System.Text.Json;
using UsageAnalytics.Costs;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>
/// Reads and writes the sample's JSON Lines usage files (format in README.md): one <see cref="UsageRecord"/> per line.
/// </summary>
/// <remarks>
/// <para>
/// Read by hand with <see cref="JsonDocument"/> (no reflection, trim- and AOT-safe). Every field is accepted under its
/// camelCase name (<c>requestId</c>) and its snake_case name (<c>request_id</c>), the names LiteLLM and most databases
/// use; names match case-insensitively (<c>RequestId</c>, as .NET writes by default, works too). One field given under
/// two spellings on one line is an error naming both, as is any key given twice (at any depth, inside
/// <c>costBreakdown</c> too). Unknown keys are errors: a typo must not silently zero a cost. A string holding an escaped
/// lone surrogate (<c>"\ud800"</c>) is not text: refused where the row reads it.
/// </para>
/// <para>
/// A line is checked as a whole: every problem on it (unknown keys, wrong JSON types, a missing timestamp, negative
/// costs or counts...) is reported at once. A line that is not JSON at all reports its line and column (1-based,
/// in characters). The file fails at its first bad line, naming how many other lines are bad too.
/// </para>
/// </remarks>
internal static partial class UsageJsonLines
{
    private const int ListedBadLines = 5;

    private static readonly JsonDocumentOptions _documentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        // Duplicates are reported as row problems (with the key and where), not as a syntax error without a column.
        AllowDuplicateProperties = true,
        MaxDepth = 64,
    };

    /// <summary>Reads every non-blank line of a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="merger">Finds a request id kept only inside <c>costBreakdown</c> (its configured
    /// <see cref="CostMergeOptions.RequestIdPaths"/>) and backfills <see cref="UsageRecord.RequestId"/> with it, so the
    /// coverage figures and the sync agree on which rows have an id; <see langword="null"/> to leave rows as written.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows, in file order.</returns>
    /// <exception cref="SampleUsageException">The file cannot be read, or a line is not a valid usage row (the message
    /// names the file, the first bad line with every problem on it, and the other bad lines).</exception>
    public static async Task<IReadOnlyList<UsageRecord>> ReadFileAsync(
        string path, CostBreakdownMerger? merger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SampleUsageException($"cannot read usage file '{path}': {OneLine(ex.Message)}", ex);
        }

        var records = new List<UsageRecord>(lines.Length);
        UsageLineException? first = null;
        var otherBadLines = new List<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            try
            {
                records.Add(ParseLine(lines[i], i + 1));
            }
            catch (UsageLineException ex)
            {
                if (first is null)
                {
                    first = ex;
                }
                else
                {
                    otherBadLines.Add(ex.Line);
                }
            }
        }

        if (first is not null)
        {
            throw new SampleUsageException(
                $"usage file '{path}' {OneLine(first.Message)}{OtherLines(otherBadLines)}", first);
        }

        return merger is null ? records : BackfillRequestIds(records, merger);
    }

    /// <summary>Gives every row whose request id is only inside its cost breakdown that id as its
    /// <see cref="UsageRecord.RequestId"/> (found with <see cref="CostBreakdownMerger.ExtractRequestId"/>, so with the
    /// merger's configured paths: the same id the sync would look up).</summary>
    /// <returns>The rows, the backfilled ones replaced by copies; the list itself when nothing changed.</returns>
    public static IReadOnlyList<UsageRecord> BackfillRequestIds(IReadOnlyList<UsageRecord> records, CostBreakdownMerger merger)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(merger);
        List<UsageRecord>? copy = null;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (!record.HasRequestId && merger.ExtractRequestId(record.CostBreakdown) is { } id)
            {
                copy ??= [.. records];
                copy[i] = record with { RequestId = id };
            }
        }

        return copy ?? records;
    }

    /// <summary>Reads one line.</summary>
    /// <param name="line">The line's text.</param>
    /// <param name="lineNumber">Its 1-based number in the file, for the error.</param>
    /// <returns>The row.</returns>
    /// <exception cref="UsageLineException">The line is not JSON (with its column), or not a valid usage row (with every
    /// problem found on it).</exception>
    public static UsageRecord ParseLine(string line, int lineNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(line);
        var bytes = Encoding.UTF8.GetBytes(line);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, _documentOptions);
        }
        catch (JsonException ex)
        {
            var position = (int)Math.Clamp(ex.BytePositionInLine ?? 0, 0, bytes.Length);
            var column = Encoding.UTF8.GetCharCount(bytes, 0, position) + 1;
            throw new UsageLineException(lineNumber, column, ["invalid JSON: " + SyntaxMessage(ex)], ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new UsageLineException(lineNumber, null, ["expected a JSON object (one usage row), got " + KindOf(root)]);
            }

            var problems = new List<string>();
            var record = ReadRow(root, problems);
            if (problems.Count > 0 || record is null)
            {
                throw new UsageLineException(lineNumber, null, problems.Count > 0 ? problems : ["not a usage row"]);
            }

            return record;
        }
    }

    /// <summary>JsonException's message without its "LineNumber: 0 | BytePositionInLine: 12." tail (the column is given instead).</summary>
    private static string SyntaxMessage(JsonException exception)
    {
        var message = OneLine(exception.Message);
        var tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (tail > 0 ? message[..tail] : message).TrimEnd();
    }

    private static string OtherLines(List<int> lines)
    {
        if (lines.Count == 0)
        {
            return string.Empty;
        }

        var listed = string.Join(", ", lines.Take(ListedBadLines).Select(n => n.ToString(CultureInfo.InvariantCulture)));
        return string.Create(
            CultureInfo.InvariantCulture,
            $" ({lines.Count} more bad {(lines.Count == 1 ? "line" : "lines")}: {listed}{(lines.Count > ListedBadLines ? ", ..." : string.Empty)})");
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
