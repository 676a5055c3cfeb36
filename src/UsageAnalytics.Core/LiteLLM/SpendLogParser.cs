using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UsageAnalytics.LiteLLM;

/// <summary>Tolerant reader of LiteLLM spend-log rows (see LITELLM.md for every quirk handled here).</summary>
internal static partial class SpendLogParser
{
    private static readonly string[] _timestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss",
    ];

    public static SpendLogEntry Parse(JsonElement row)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw new SpendLogFormatException($"A spend-log row must be a JSON object, not {row.ValueKind}.");
        }

        var requestId = GetString(row, "request_id")
            ?? throw new SpendLogFormatException("The spend-log row has no request_id.");
        var metadata = GetObject(row, "metadata");
        var usage = metadata?["usage_object"] as JsonObject;
        var additional = metadata?["additional_usage_values"] as JsonObject;
        var error = metadata?["error_information"] as JsonObject;

        var start = GetTimestamp(row, "startTime", requestId)
            ?? throw new SpendLogFormatException($"The spend-log row '{requestId}' has no startTime.");
        var end = GetTimestamp(row, "endTime", requestId) ?? start;

        return new SpendLogEntry
        {
            RequestId = requestId,
            CallType = GetString(row, "call_type"),
            Spend = GetSpend(row, requestId),
            PromptTokens = GetInt64(row, "prompt_tokens"),
            CompletionTokens = GetInt64(row, "completion_tokens"),
            TotalTokens = GetInt64(row, "total_tokens"),
            CachedPromptTokens = FirstPositive(
                NodeInt64(usage, "prompt_tokens_details", "cached_tokens"),
                NodeInt64(usage, "cache_read_input_tokens"),
                NodeInt64(additional, "prompt_tokens_details", "cached_tokens"),
                NodeInt64(additional, "cache_read_input_tokens")),
            CacheWriteTokens = FirstPositive(
                NodeInt64(usage, "cache_creation_input_tokens"),
                NodeInt64(additional, "cache_creation_input_tokens")),
            ReasoningTokens = FirstPositive(
                NodeInt64(usage, "completion_tokens_details", "reasoning_tokens"),
                NodeInt64(additional, "completion_tokens_details", "reasoning_tokens")),
            StartTime = start,
            EndTime = end,
            CompletionStartTime = GetTimestamp(row, "completionStartTime", requestId),
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

    private static string? GetString(JsonElement row, string name)
    {
        if (!row.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => Blank(value.GetString()),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static long GetInt64(JsonElement row, string name)
    {
        if (!row.TryGetProperty(name, out var value))
        {
            return 0;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt64(out var whole))
            {
                return Math.Max(0, whole);
            }

            if (value.TryGetDouble(out var real) && double.IsFinite(real))
            {
                return Math.Max(0, (long)real);
            }
        }
        else if (value.ValueKind == JsonValueKind.String
            && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            return Math.Max(0, parsed);
        }

        return 0;
    }

    private static double? GetDouble(JsonElement row, string name)
    {
        if (row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetDouble(out var real) && double.IsFinite(real))
        {
            return real;
        }

        return null;
    }

    private static decimal GetSpend(JsonElement row, string requestId)
    {
        if (!row.TryGetProperty("spend", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            // LiteLLM documents spend as never null; a missing one is read as no charge.
            return 0m;
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
            var text = value.GetString();
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

        return spend;
    }

    private static DateTimeOffset? GetTimestamp(JsonElement row, string name, string requestId)
    {
        var text = GetString(row, name);
        if (text is null)
        {
            return null;
        }

        return ParseTimestamp(text)
            ?? throw new SpendLogFormatException($"The spend-log row '{requestId}' has an unreadable {name}: '{text}'.");
    }

    /// <summary>Reads any of LiteLLM's timestamp styles; a value without a zone is UTC.</summary>
    public static DateTimeOffset? ParseTimestamp(string text)
    {
        const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParseExact(text, _timestampFormats, CultureInfo.InvariantCulture, Utc, out var naive))
        {
            return naive;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Utc, out var zoned))
        {
            return zoned.ToUniversalTime();
        }

        return null;
    }
}
