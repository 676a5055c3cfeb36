using System.Text.Encodings.Web;
using System.Text.Json;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <content>Writing usage rows back as JSON Lines, in the documented camelCase format the reader reads.</content>
internal static partial class UsageJsonLines
{
    private static readonly System.Text.UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonWriterOptions _writerOptions = new()
    {
        // A file for people and tools, not HTML: keep non-ASCII text and '+' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>
    /// Writes rows as JSON Lines (camelCase keys; a field is left out when it is null, zero tokens or an empty
    /// collection, but the cache-write split, audio seconds and characters are written whenever known, 0 included; the
    /// <c>service_tier</c> dimension as <c>serviceTier</c>; money as exact JSON numbers), so <see cref="ReadFileAsync"/> reads back equal rows. The file is
    /// written beside the target under a temporary name and then moved into place, so a crash never leaves half a file.
    /// </summary>
    /// <param name="path">The file; replaced if it exists.</param>
    /// <param name="records">The rows.</param>
    /// <param name="cancellationToken">Cancels the write (the target is then left as it was).</param>
    /// <exception cref="SampleUsageException">The file cannot be written, or a row cannot be written as JSON (for example
    /// a breakdown holding a string with a lone surrogate).</exception>
    public static async Task WriteFileAsync(string path, IEnumerable<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(records);
        string temporary;
        try
        {
            var full = Path.GetFullPath(path);
            temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new SampleUsageException($"cannot write usage file '{path}': {OneLine(ex.Message)}", ex);
        }

        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var line = 0;
                var writer = new Utf8JsonWriter(stream, _writerOptions);
                await using (writer.ConfigureAwait(false))
                {
                    foreach (var record in records)
                    {
                        line++;
                        try
                        {
                            WriteRecord(writer, record);
                            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or JsonException)
                        {
                            throw new SampleUsageException($"cannot write usage file '{path}': row {line} cannot be written as JSON: {OneLine(ex.Message)}", ex);
                        }

                        writer.Reset();
                        stream.WriteByte((byte)'\n');
                    }
                }

                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            TryDelete(temporary);
            throw new SampleUsageException($"cannot write usage file '{path}': {OneLine(ex.Message)}", ex);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Checks before a long sync that <c>--write</c> names a file in an existing directory.</summary>
    /// <exception cref="SampleUsageException">The directory does not exist, or the path names a directory.</exception>
    public static void CheckWritable(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new SampleUsageException($"cannot write usage file '{path}': {OneLine(ex.Message)}", ex);
        }

        if (Directory.Exists(full))
        {
            throw new SampleUsageException($"cannot write usage file '{path}': it is a directory");
        }

        if (Path.GetDirectoryName(full) is not { } directory || !Directory.Exists(directory))
        {
            throw new SampleUsageException($"cannot write usage file '{path}': its directory does not exist");
        }
    }

    private static void WriteRecord(Utf8JsonWriter writer, UsageRecord record)
    {
        writer.WriteStartObject();
        WriteText(writer, "requestId", record.RequestId);
        writer.WriteString("timestamp", record.Timestamp);
        WriteText(writer, "provider", record.Provider);
        WriteText(writer, "model", record.Model);
        WriteText(writer, "service", record.Service);
        WriteText(writer, "status", record.Status);
        WriteText(writer, "errorType", record.ErrorType);
        WriteText(writer, "userId", record.UserId);
        WriteText(writer, "teamId", record.TeamId);
        WriteText(writer, "keyAlias", record.KeyAlias);
        WriteText(writer, "sessionId", record.SessionId);
        if (record.Tags.Count > 0)
        {
            writer.WriteStartArray("tags");
            foreach (var tag in record.Tags)
            {
                writer.WriteStringValue(Checked("tags", tag));
            }

            writer.WriteEndArray();
        }

        // The service tier is written as its own field; the reader puts it back under the dimension the price book reads.
        record.Dimensions.TryGetValue(PriceBook.ServiceTierDimension, out var serviceTier);
        if (record.Dimensions.Count > (serviceTier is null ? 0 : 1))
        {
            writer.WriteStartObject("dimensions");
            foreach (var (name, value) in record.Dimensions)
            {
                if (!string.Equals(name, PriceBook.ServiceTierDimension, StringComparison.Ordinal))
                {
                    writer.WriteString(Checked("dimensions", name), Checked("dimensions." + name, value));
                }
            }

            writer.WriteEndObject();
        }

        WriteText(writer, "serviceTier", serviceTier);

        WriteTokens(writer, "promptTokens", record.PromptTokens);
        WriteTokens(writer, "completionTokens", record.CompletionTokens);
        WriteTokens(writer, "cachedPromptTokens", record.CachedPromptTokens);
        WriteTokens(writer, "cacheWriteTokens", record.CacheWriteTokens);
        WriteCount(writer, "cacheWriteFiveMinuteTokens", record.CacheWriteFiveMinuteTokens);
        WriteCount(writer, "cacheWriteOneHourTokens", record.CacheWriteOneHourTokens);
        WriteTokens(writer, "reasoningTokens", record.ReasoningTokens);
        if (record.AudioDurationSeconds is { } seconds)
        {
            writer.WriteNumber("audioDurationSeconds", seconds);
        }

        WriteCount(writer, "characterCount", record.CharacterCount);
        writer.WriteNumber("estimatedCost", record.EstimatedCost);
        if (record.ActualCost is { } actual)
        {
            writer.WriteNumber("actualCost", actual);
        }

        writer.WriteString("currency", record.Currency);
        if (record.LatencyMs is { } latency)
        {
            writer.WriteNumber("latencyMs", latency);
        }

        if (record.TimeToFirstTokenMs is { } ttft)
        {
            writer.WriteNumber("timeToFirstTokenMs", ttft);
        }

        if (record.CacheHit is { } hit)
        {
            writer.WriteBoolean("cacheHit", hit);
        }

        if (record.CostBreakdown is { } breakdown)
        {
            writer.WritePropertyName("costBreakdown");
            breakdown.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, Checked(name, value));
        }
    }

    /// <summary>
    /// Text the reader can read back: the writer would escape a lone surrogate as <c>\ud800</c>, which is valid JSON but
    /// not text, so the row is refused here rather than written into a file that cannot be read.
    /// </summary>
    /// <exception cref="ArgumentException">The text holds a lone surrogate.</exception>
    private static string Checked(string name, string value)
    {
        try
        {
            _ = _strictUtf8.GetByteCount(value);
            return value;
        }
        catch (System.Text.EncoderFallbackException ex)
        {
            throw new ArgumentException($"'{name}' holds invalid UTF-16 (a lone surrogate)", ex);
        }
    }

    private static void WriteTokens(Utf8JsonWriter writer, string name, long value)
    {
        if (value != 0)
        {
            writer.WriteNumber(name, value);
        }
    }

    /// <summary>A count that may be absent: written whenever known, 0 included ("reported as 0" is not "not reported").</summary>
    private static void WriteCount(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } count)
        {
            writer.WriteNumber(name, count);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover hidden temporary file is harmless; the target is untouched.
        }
    }
}
