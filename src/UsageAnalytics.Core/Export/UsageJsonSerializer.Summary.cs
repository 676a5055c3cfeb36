using System.Text.Json;
using UsageAnalytics.Analytics;
using UsageAnalytics.Export.Internal;

namespace UsageAnalytics.Export;

public static partial class UsageJsonSerializer
{
    /// <summary>The version of the summary document this library writes and reads: 1 (the <c>format_version</c> member).</summary>
    public const int SummaryFormatVersion = SummaryJsonMapper.FormatVersion;

    /// <summary>
    /// Returns a summary as one compact JSON document: <c>format_version</c> (1) first, then every member of
    /// <see cref="UsageSummary"/> in snake_case. The time zone is written as its <see cref="TimeZoneInfo.Id"/>,
    /// dimensions as <see cref="UsageDimension.Name"/>, the groups and time series as ordered lists (by dimension, by
    /// bucket size), money as exact decimals in <c>currency</c>, rates as ratios 0–1, durations in milliseconds.
    /// </summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is <see langword="null"/>.</exception>
    public static string SerializeSummary(UsageSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return JsonSerializer.Serialize(SummaryJsonMapper.ToJson(summary), UsageExportJsonContext.Default.SummaryJson);
    }

    /// <summary>Reads a summary written by <see cref="SerializeSummary"/> or <see cref="WriteSummaryAsync"/>; it reads back
    /// to the same values.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The summary; its time zone is found with <see cref="TimeZoneInfo.FindSystemTimeZoneById(string)"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="UsageJsonFormatException">The text is not a summary document: malformed JSON, a
    /// <c>format_version</c> other than 1, a missing required member, an unknown dimension or time zone.</exception>
    public static UsageSummary DeserializeSummary(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return ReadSummary(document);
        }
        catch (JsonException e)
        {
            throw SummaryError(e);
        }
    }

    /// <summary>Writes a summary as the document <see cref="SerializeSummary"/> returns, UTF-8 without a BOM.</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="stream">The output stream; flushed, not closed.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>A task that completes when the document is written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task WriteSummaryAsync(UsageSummary summary, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(stream);
        await JsonSerializer.SerializeAsync(stream, SummaryJsonMapper.ToJson(summary), UsageExportJsonContext.Default.SummaryJson, cancellationToken)
            .ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a summary document from a stream (see <see cref="DeserializeSummary"/>).</summary>
    /// <param name="stream">The UTF-8 input; read to its end, not closed.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="UsageJsonFormatException">The input is not a summary document (see <see cref="DeserializeSummary"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<UsageSummary> ReadSummaryAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var document = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
            return ReadSummary(document);
        }
        catch (JsonException e)
        {
            throw SummaryError(e);
        }
    }

    // The version is checked before the body is bound, so a later version's shape is reported as a version mismatch.
    private static UsageSummary ReadSummary(JsonDocument document)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("format_version", out var version)
            || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out var number))
        {
            throw new UsageJsonFormatException("The summary document has no numeric 'format_version'; this library reads version "
                + SummaryFormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        }

        if (number != SummaryFormatVersion)
        {
            throw new UsageJsonFormatException("The summary document has format_version "
                + number.ToString(System.Globalization.CultureInfo.InvariantCulture) + "; this library reads version "
                + SummaryFormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) + " only.");
        }

        var json = root.Deserialize(UsageExportJsonContext.Default.SummaryJson)
            ?? throw new UsageJsonFormatException("The summary document is null.");
        return SummaryJsonMapper.FromJson(json);
    }

    private static UsageJsonFormatException SummaryError(JsonException e) =>
        new("The summary document is not valid JSON of a summary: " + e.Message, e.LineNumber + 1, e);
}
