using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UsageAnalytics.LiteLLM;

/// <summary>Tolerant reader of LiteLLM spend-log rows (see LITELLM.md for every quirk handled here).</summary>
internal static partial class SpendLogParser
{
    /// <summary>
    /// The only timestamp shapes LiteLLM writes: ISO-8601 with <c>T</c> and a <c>Z</c> or <c>±hh:mm</c> zone, Python's
    /// <c>str(datetime)</c> with a space (queue payloads, naive = UTC, or with a zone), each with or without up to
    /// seven fractional digits. Partial values ("9:0", "Dec 25") that a lenient parse would complete from today's date
    /// are not among them.
    /// </summary>
    private static readonly string[] _timestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mm:sszzz",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss",
    ];

    /// <summary>The earliest plausible instant of a spend-log row; anything before it is garbage, not history.</summary>
    internal static readonly DateTimeOffset EarliestTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first instant no longer plausible; keeps period arithmetic far from <see cref="DateTimeOffset.MaxValue"/>.</summary>
    internal static readonly DateTimeOffset LatestTimestamp = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The largest spend one row may carry, in USD; more is a corrupt value and would let sums overflow.</summary>
    internal const decimal MaxSpend = 1_000_000_000m;

    /// <summary>The largest token count one row may carry; more is read as unknown (0), like an unreadable count.</summary>
    internal const long MaxTokens = 1_000_000_000_000L;

    public static SpendLogEntry Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SpendLogFormatException($"A spend-log row must be a JSON object, not {element.ValueKind}.");
        }

        var row = Fields(element);

        var requestId = GetString(row, "request_id")
            ?? throw new SpendLogFormatException("The spend-log row has no request_id.");
        var metadata = GetObject(row, "metadata");
        var usage = metadata?["usage_object"] as JsonObject;
        var additional = metadata?["additional_usage_values"] as JsonObject;
        var error = metadata?["error_information"] as JsonObject;

        // startTime is optional (a callback payload or a hand-built row has none): only a present, unreadable one refuses the row.
        var start = GetTimestamp(row, "startTime");
        if (start is null && row.TryGetValue("startTime", out var raw) && raw.ValueKind != JsonValueKind.Null)
        {
            throw new SpendLogFormatException(
                $"The spend-log row '{requestId}' has an unreadable startTime (a complete date-time from 2000 to 2199 is required).");
        }

        var end = GetTimestamp(row, "endTime") ?? start;
        var tokens = ReadTokens(row, usage, additional);

        return new SpendLogEntry
        {
            RequestId = requestId,
            LiteLLMCallId = GetString(row, "litellm_call_id") ?? NodeString(metadata, "litellm_call_id"),
            CallType = GetString(row, "call_type"),
            Spend = GetSpend(row, requestId),
            PromptTokens = tokens.Prompt,
            CompletionTokens = tokens.Completion,
            TotalTokens = tokens.Total,
            CachedPromptTokens = tokens.CachedPrompt,
            CacheWriteTokens = tokens.CacheWrite,
            ReasoningTokens = tokens.Reasoning,
            TokenRepairs = tokens.Repairs,
            StartTime = start,
            EndTime = end,
            CompletionStartTime = GetTimestamp(row, "completionStartTime"),
            RequestDurationMs = GetDouble(row, "request_duration_ms"),
            Model = GetString(row, "model"),
            ModelId = GetString(row, "model_id"),
            ModelGroup = GetString(row, "model_group"),
            Provider = GetString(row, "custom_llm_provider"),
            ApiBase = GetString(row, "api_base"),
            User = GetString(row, "user") ?? NodeString(metadata, "user_api_key_user_id"),
            TeamId = GetString(row, "team_id") ?? NodeString(metadata, "user_api_key_team_id"),
            OrganizationId = GetString(row, "organization_id"),
            EndUser = GetString(row, "end_user"),
            SessionId = GetString(row, "session_id"),
            KeyAlias = NodeString(metadata, "user_api_key_alias"),
            Status = GetString(row, "status") ?? NodeString(metadata, "status"),
            ErrorCode = NodeString(error, "error_code"),
            ErrorClass = NodeString(error, "error_class"),
            CacheHit = GetCacheHit(row),
            RequestTags = GetTags(row),
            Metadata = metadata,
        };
    }

    /// <summary>
    /// The row's fields by name. A name given twice keeps its last value (as Python's <c>json.loads</c> reads it); a
    /// name whose escapes are invalid UTF-16 (a lone surrogate) cannot be one we read and is left out, so later
    /// lookups never meet it.
    /// </summary>
    private static Dictionary<string, JsonElement> Fields(JsonElement element)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (TryGetName(property) is { } name)
            {
                fields[name] = property.Value;
            }
        }

        return fields;
    }

    /// <summary>Maps LiteLLM's <c>call_type</c> to the coarse service names used by <see cref="Records.UsageRecord.Service"/>.</summary>
    public static string? ServiceOf(string? callType)
    {
        if (callType is null)
        {
            return null;
        }

        var name = callType.StartsWith('a') && !callType.StartsWith("audio", StringComparison.Ordinal)
            ? callType[1..]
            : callType;
        return name switch
        {
            "completion" or "text_completion" or "responses" or "anthropic_messages" or "generic_api_call" => "chat",
            "embedding" => "embeddings",
            "transcription" or "audio_transcription" => "stt",
            "speech" or "audio_speech" => "tts",
            "image_generation" or "image_edit" => "image",
            "rerank" => "rerank",
            "moderation" => "moderation",
            _ => name,
        };
    }

    private static string? GetString(Dictionary<string, JsonElement> row, string name)
    {
        if (!row.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => Blank(TryGetString(value)),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Returns a string value, or null when its escapes make invalid UTF-16 (a lone surrogate such as <c>\ud800</c>).</summary>
    private static string? TryGetString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static double? GetDouble(Dictionary<string, JsonElement> row, string name)
    {
        if (row.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetDouble(out var real) && double.IsFinite(real))
        {
            return real;
        }

        return null;
    }

    private static decimal GetSpend(Dictionary<string, JsonElement> row, string requestId)
    {
        if (!row.TryGetValue("spend", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            // LiteLLM documents spend as never null: a row without one is not a row we can charge, and reading it as 0
            // would merge a silently wrong actual cost.
            throw new SpendLogFormatException($"The spend-log row '{requestId}' has no spend.");
        }

        decimal spend;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetDecimal(out spend))
            {
                throw new SpendLogFormatException(
                    $"The spend-log row '{requestId}' has a spend that is out of range: {value.GetRawText()}.");
            }
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            var text = TryGetString(value);
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out spend))
            {
                throw new SpendLogFormatException(
                    $"The spend-log row '{requestId}' has a spend that is not a finite number: '{text}'.");
            }
        }
        else
        {
            throw new SpendLogFormatException(
                $"The spend-log row '{requestId}' has a spend of JSON kind {value.ValueKind}; a number is required.");
        }

        if (spend < 0)
        {
            throw new SpendLogFormatException(
                $"The spend-log row '{requestId}' has a negative spend: {spend.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (spend > MaxSpend)
        {
            throw new SpendLogFormatException(
                $"The spend-log row '{requestId}' has an implausible spend of more than {MaxSpend.ToString(CultureInfo.InvariantCulture)} USD: {spend.ToString(CultureInfo.InvariantCulture)}.");
        }

        return spend;
    }

    /// <summary>Reads a timestamp field; null when it is absent, null, or not one of LiteLLM's complete shapes.</summary>
    private static DateTimeOffset? GetTimestamp(Dictionary<string, JsonElement> row, string name) =>
        GetString(row, name) is { } text ? ParseTimestamp(text) : null;

    /// <summary>
    /// Reads one of LiteLLM's timestamp shapes (see <see cref="_timestampFormats"/>), invariant culture, a value
    /// without a zone being UTC; returns it in UTC, or null for any other text or an instant outside
    /// [<see cref="EarliestTimestamp"/>, <see cref="LatestTimestamp"/>).
    /// </summary>
    public static DateTimeOffset? ParseTimestamp(string text)
    {
        const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParseExact(text, _timestampFormats, CultureInfo.InvariantCulture, Utc, out var parsed)
            && parsed >= EarliestTimestamp && parsed < LatestTimestamp)
        {
            return parsed.ToUniversalTime();
        }

        return null;
    }
}
