using System.Globalization;
using System.Text.Json;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>Reads the sample's JSON Lines usage files (format in README.md): one <see cref="UsageRecord"/> per line.</summary>
internal static class UsageJsonLines
{
    /// <summary>Reads every non-blank line of a file.</summary>
    /// <exception cref="SampleUsageException">The file cannot be read, or a line is not a valid usage row.</exception>
    public static async Task<IReadOnlyList<UsageRecord>> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SampleUsageException($"cannot read usage file '{path}': {ex.Message}", ex);
        }

        var records = new List<UsageRecord>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            try
            {
                records.Add(ParseLine(lines[i]));
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                throw new SampleUsageException(
                    string.Create(CultureInfo.InvariantCulture, $"usage file '{path}' line {i + 1}: {OneLine(ex.Message)}"), ex);
            }
        }

        return records;
    }

    /// <summary>Reads one line.</summary>
    /// <exception cref="JsonException">The line is not a JSON object of a usage row.</exception>
    /// <exception cref="FormatException">A required value is missing or out of range.</exception>
    public static UsageRecord ParseLine(string line)
    {
        var record = JsonSerializer.Deserialize(line, SampleJsonContext.Default.UsageRecord)
            ?? throw new FormatException("the line is null, not a usage row");
        if (record.Timestamp == default)
        {
            throw new FormatException("'timestamp' is required (ISO-8601, for example 2026-08-06T14:30:00Z)");
        }

        if (record.EstimatedCost < 0 || record.ActualCost < 0)
        {
            throw new FormatException("costs must not be negative");
        }

        // Explicit nulls in the file must not break the never-null collections of the record.
        return record with
        {
            Tags = record.Tags ?? [],
            Dimensions = record.Dimensions ?? new Dictionary<string, string>(StringComparer.Ordinal),
            Currency = string.IsNullOrWhiteSpace(record.Currency) ? UsageRecord.DefaultCurrency : record.Currency,
        };
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
