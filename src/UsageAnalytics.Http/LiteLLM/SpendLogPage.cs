using System.Text.Json;
using UsageAnalytics.Costs;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// One response of the spend-log endpoint, read tolerantly: the v2 envelope (<c>{"data": [...], ...}</c>) or the
/// v1 bare array; <c>null</c> items (old builds' "not found") are ignored; malformed rows are skipped and collected in
/// <see cref="MalformedRows"/> (the caller logs one summary per page, never one record per row).
/// <c>total</c> and <c>total_is_capped</c> are read tolerantly (<see cref="Total"/>, <see cref="TotalIsCapped"/>), only to
/// decide whether a listing window is too large to page shallowly; <c>total_pages</c> is never read (LiteLLM caps the
/// count at 10,000, so rows are paged until a short page).
/// </summary>
internal sealed class SpendLogPage
{
    private SpendLogPage(List<SpendLogEntry> rows, int itemCount, List<MalformedRow>? malformedRows = null)
    {
        Rows = rows;
        ItemCount = itemCount;
        MalformedRows = malformedRows ?? [];
    }

    /// <summary>
    /// Gets the envelope's <c>total</c> (rows matching the window and filters, capped at 10,000 since LiteLLM v1.93), or
    /// <see langword="null"/> when it is absent or not a non-negative number (v1 arrays, hostile proxies).
    /// </summary>
    public long? Total { get; private init; }

    /// <summary>
    /// Gets the envelope's <c>total_is_capped</c> (<see langword="true"/> when <see cref="Total"/> stopped at the cap), or
    /// <see langword="null"/> when it is absent (builds before v1.93) or not a boolean.
    /// </summary>
    public bool? TotalIsCapped { get; private init; }

    /// <summary>Gets the rows that parsed.</summary>
    public List<SpendLogEntry> Rows { get; }

    /// <summary>Gets the rows that did not parse (logged and skipped), with their request id where it can be read.</summary>
    public List<MalformedRow> MalformedRows { get; }

    /// <summary>Gets how many items the page held, nulls and malformed rows included: the short-page test uses it.</summary>
    public int ItemCount { get; }

    /// <summary>Reads a response body.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    /// <exception cref="SpendLogFormatException">The body is JSON of neither known shape.</exception>
    public static SpendLogPage Parse(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        try
        {
            return Read(document.RootElement);
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json parses a "\ud800" escape (a lone surrogate) but throws when a name or string holding it
            // is read: that is a malformed body, not a bug of ours.
            throw new SpendLogFormatException("The response holds a name or string that is not valid UTF-16: " + ex.Message, ex);
        }
    }

    private static SpendLogPage Read(JsonElement root)
    {
        JsonElement items;
        if (root.ValueKind == JsonValueKind.Array)
        {
            items = root;
        }
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data))
        {
            if (data.ValueKind == JsonValueKind.Null)
            {
                return new SpendLogPage([], 0);
            }

            if (data.ValueKind != JsonValueKind.Array)
            {
                throw new SpendLogFormatException($"The response's \"data\" is a JSON {data.ValueKind}, not an array.");
            }

            items = data;
        }
        else
        {
            throw new SpendLogFormatException(
                $"The response is a JSON {root.ValueKind}, neither an array nor an object with a \"data\" array.");
        }

        var page = ReadItems(items);
        return root.ValueKind == JsonValueKind.Object
            ? new SpendLogPage(page.Rows, page.ItemCount, page.MalformedRows) { Total = ReadTotal(root), TotalIsCapped = ReadCapped(root) }
            : page;
    }

    private static SpendLogPage ReadItems(JsonElement items)
    {
        var rows = new List<SpendLogEntry>(items.GetArrayLength());
        List<MalformedRow>? malformed = null;
        var count = 0;
        foreach (var item in items.EnumerateArray())
        {
            count++;
            if (item.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            try
            {
                rows.Add(SpendLogEntry.Parse(item));
            }
            catch (SpendLogFormatException ex)
            {
                // The parser refuses every bad row (lone surrogates and duplicate keys included) with this one type.
                // One bad row must not hide the others: skip it and go on; the caller says so once per page.
                (malformed ??= []).Add(new MalformedRow(ReadRequestId(item), ex.Message) { LiteLLMCallId = ReadCallId(item) });
            }
        }

        return new SpendLogPage(rows, count, malformed);
    }

    /// <summary><c>total</c> as a whole non-negative number (<c>137</c>, <c>137.0</c>), else unknown.</summary>
    private static long? ReadTotal(JsonElement root)
    {
        if (!root.TryGetProperty("total", out var total) || total.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        if (total.TryGetInt64(out var whole))
        {
            return whole >= 0 ? whole : null;
        }

        return total.TryGetDouble(out var number) && number >= 0 && number < 1e18 && Math.Floor(number) == number ? (long)number : null;
    }

    /// <summary><c>total_is_capped</c> as a JSON boolean (or Python's <c>"True"</c>/<c>"False"</c> as text), else unknown.</summary>
    private static bool? ReadCapped(JsonElement root)
    {
        if (!root.TryGetProperty("total_is_capped", out var capped))
        {
            return null;
        }

        return capped.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when capped.ValueEquals("true") || capped.ValueEquals("True") => true,
            JsonValueKind.String when capped.ValueEquals("false") || capped.ValueEquals("False") => false,
            _ => null,
        };
    }

    /// <summary>
    /// The request id of a row that failed to parse, read as the row parser reads it (a non-blank string or a number),
    /// or <see langword="null"/> when the row has none that can be read.
    /// </summary>
    private static string? ReadRequestId(JsonElement item)
    {
        try
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("request_id", out var id))
            {
                return null;
            }

            var text = id.ValueKind switch
            {
                JsonValueKind.String => id.GetString(),
                JsonValueKind.Number => id.GetRawText(),
                _ => null,
            };
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape in a name or in the id itself: the id cannot be read.
            return null;
        }
    }

    /// <summary>
    /// The LiteLLM call id of a row that failed to parse, read as the row parser reads it: the <c>litellm_call_id</c>
    /// column, else <c>metadata.litellm_call_id</c> (metadata as an object or as a JSON string); a non-blank string or a
    /// number, or <see langword="null"/>.
    /// </summary>
    private static string? ReadCallId(JsonElement item)
    {
        try
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (NonBlank(item, "litellm_call_id") is { } fromColumn)
            {
                return fromColumn;
            }

            if (!item.TryGetProperty("metadata", out var metadata))
            {
                return null;
            }

            if (metadata.ValueKind == JsonValueKind.String)
            {
                // LiteLLM may send metadata as a JSON string [29674]; a string that is no JSON object holds no call id.
                using var inner = JsonDocument.Parse(metadata.GetString() ?? string.Empty);
                return inner.RootElement.ValueKind == JsonValueKind.Object ? NonBlank(inner.RootElement, "litellm_call_id") : null;
            }

            return metadata.ValueKind == JsonValueKind.Object ? NonBlank(metadata, "litellm_call_id") : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Metadata text that is not JSON, or a lone surrogate escape: the call id cannot be read.
            return null;
        }

        static string? NonBlank(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                return null;
            }

            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
    }

    /// <summary>A row that did not parse.</summary>
    /// <param name="RequestId">Its request id, or <see langword="null"/> when it cannot be read.</param>
    /// <param name="Reason">Why it did not parse.</param>
    internal readonly record struct MalformedRow(string? RequestId, string Reason)
    {
        /// <summary>Gets its LiteLLM call id (<c>litellm_call_id</c>), or <see langword="null"/> when it has none that can be read.</summary>
        public string? LiteLLMCallId { get; init; }
    }
}
