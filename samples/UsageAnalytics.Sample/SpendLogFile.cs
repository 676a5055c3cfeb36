using System.Globalization;
using System.Text.Json;
using UsageAnalytics.LiteLLM;

namespace UsageAnalytics.Sample;

/// <summary>
/// Reads LiteLLM spend-log rows exported to a file, with no proxy: JSON Lines (one row per line), a saved
/// <c>/spend/logs/v2</c> response body (<c>{"data": [...], ...}</c>) or a JSON array of rows (the v1 shape). Each row
/// goes through <see cref="SpendLogEntry.Parse(JsonElement)"/> and <see cref="SpendLogEntry.ToUsageRecord"/> straight
/// into the dashboard; a row that cannot be read is counted and reported with its line or index, never fatal.
/// </summary>
internal static class SpendLogFile
{
    public const string JsonLines = "json_lines";
    public const string V2Envelope = "spend_logs_v2";
    public const string V1Array = "json_array";

    /// <summary>Reads every row of the file into <paramref name="dashboard"/>.</summary>
    /// <exception cref="SampleUsageException">The file is missing or unreadable, or it is a JSON array or v2 body that
    /// is not valid JSON as a whole (so no row can be located).</exception>
    public static async Task<SpendLogInput> ReadAsync(string path, DashboardBuilder dashboard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(dashboard);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SampleUsageException($"spend-log file '{path}' not found", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SampleUsageException($"cannot read spend-log file '{path}': {OneLine(ex.Message)}", ex);
        }

        var input = new SpendLogInput { Path = path };
        var start = text.AsSpan().TrimStart();
        if (start.Length > 0 && start[0] == '[')
        {
            using var document = ParseWhole(path, text, "a JSON array of spend-log rows");
            return ReadArray(document.RootElement, input with { Format = V1Array }, dashboard);
        }

        if (start.Length > 0 && start[0] == '{' && TryParseWhole(text) is { } whole)
        {
            using (whole)
            {
                if (whole.RootElement.TryGetProperty("data", out var data) && !whole.RootElement.TryGetProperty("request_id", out _))
                {
                    if (data.ValueKind != JsonValueKind.Array)
                    {
                        throw new SampleUsageException($"spend-log file '{path}' looks like a /spend/logs/v2 body but its 'data' is {data.ValueKind}, not an array");
                    }

                    return ReadArray(data, input with { Format = V2Envelope }, dashboard);
                }
            }
        }

        return ReadLines(text, input with { Format = JsonLines }, dashboard);
    }

    private static SpendLogInput ReadArray(JsonElement rows, SpendLogInput input, DashboardBuilder dashboard)
    {
        var malformed = new List<InputProblem>();
        var read = 0;
        var used = 0;
        foreach (var row in rows.EnumerateArray())
        {
            var position = read++;
            if (TryRead(row, out var record, out var reason) && dashboard.TryAdd(record!, out reason))
            {
                used++;
            }
            else
            {
                malformed.Add(new InputProblem { Index = position, Reason = reason! });
            }
        }

        return input with { RowsRead = read, RowsUsed = used, Malformed = malformed };
    }

    private static SpendLogInput ReadLines(string text, SpendLogInput input, DashboardBuilder dashboard)
    {
        var malformed = new List<InputProblem>();
        var read = 0;
        var used = 0;
        var number = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            number++;
            if (line.IsWhiteSpace())
            {
                continue;
            }

            read++;
            string? reason;
            try
            {
                using var document = JsonDocument.Parse(line.ToString());
                if (TryRead(document.RootElement, out var record, out reason) && dashboard.TryAdd(record!, out reason))
                {
                    used++;
                    continue;
                }
            }
            catch (JsonException ex)
            {
                reason = "not valid JSON: " + OneLine(ex.Message);
            }

            malformed.Add(new InputProblem { Line = number, Reason = reason! });
        }

        return input with { RowsRead = read, RowsUsed = used, Malformed = malformed };
    }

    private static bool TryRead(JsonElement row, out Records.UsageRecord? record, out string? reason)
    {
        try
        {
            record = SpendLogEntry.Parse(row).ToUsageRecord();
            reason = null;
            return true;
        }
        catch (SpendLogFormatException ex)
        {
            record = null;
            reason = OneLine(ex.Message);
            return false;
        }
    }

    private static JsonDocument ParseWhole(string path, string text, string what)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new SampleUsageException(string.Create(
                CultureInfo.InvariantCulture, $"spend-log file '{path}' starts as {what} but is not valid JSON: {OneLine(ex.Message)}"), ex);
        }
    }

    private static JsonDocument? TryParseWhole(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null; // Several objects one per line: JSON Lines.
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
