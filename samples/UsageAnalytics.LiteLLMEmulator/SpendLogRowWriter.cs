using System.Globalization;
using System.Text.Json;

namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>Writes rows in LiteLLM's wire shape, quirks included, and the malformed variants of the fault switches.</summary>
internal static class SpendLogRowWriter
{
    /// <summary>How a malformed row is broken.</summary>
    public enum Damage
    {
        None,
        SpendNotANumber,
        MissingRequestId,
        BadStartTime,
        NotAnObject,
    }

    public static void Write(Utf8JsonWriter writer, StoredRow stored, Damage damage)
    {
        var row = stored.Row;
        if (damage == Damage.NotAnObject)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(row.RequestId);
            writer.WriteEndArray();
            return;
        }

        writer.WriteStartObject();
        if (damage != Damage.MissingRequestId)
        {
            writer.WriteString("request_id", row.RequestId);
        }

        if (row.LiteLLMCallId is not null)
        {
            writer.WriteString("litellm_call_id", row.LiteLLMCallId);
        }

        writer.WriteString("call_type", row.CallType);
        writer.WriteString("api_key", row.ApiKey);
        writer.WritePropertyName("spend");
        if (damage == Damage.SpendNotANumber)
        {
            writer.WriteStringValue("oops");
        }
        else
        {
            writer.WriteRawValue(PythonFloat(row.Spend), skipInputValidation: true);
        }

        writer.WriteNumber("total_tokens", row.TotalTokens ?? row.PromptTokens + row.CompletionTokens);
        writer.WriteNumber("prompt_tokens", row.PromptTokens);
        writer.WriteNumber("completion_tokens", row.CompletionTokens);
        if (damage == Damage.BadStartTime)
        {
            writer.WriteString("startTime", "yesterday-ish");
        }
        else
        {
            writer.WriteString("startTime", Timestamp(row.StartTime, row.TimestampStyle));
        }

        writer.WriteString("endTime", Timestamp(row.EndTime, row.TimestampStyle));
        WriteNullable(writer, "completionStartTime", row.CompletionStartTime is { } first ? Timestamp(first, row.TimestampStyle) : null);
        if (row.RequestDurationMs is { } duration)
        {
            writer.WriteNumber("request_duration_ms", Math.Round(duration));
        }

        WriteNullable(writer, "model", row.Model);
        WriteNullable(writer, "model_id", row.ModelId);
        WriteNullable(writer, "model_group", row.ModelGroup);
        WriteNullable(writer, "custom_llm_provider", row.Provider);
        WriteNullable(writer, "api_base", row.ApiBase);
        WriteNullable(writer, "user", row.User);
        writer.WritePropertyName("metadata");
        if (stored.MetadataJson is null)
        {
            writer.WriteNullValue();
        }
        else if (row.MetadataAsString)
        {
            writer.WriteStringValue(stored.MetadataJson);
        }
        else
        {
            writer.WriteRawValue(stored.MetadataJson, skipInputValidation: true);
        }

        writer.WriteString("cache_hit", row.CacheHit);
        WriteNullable(writer, "cache_key", row.CacheKey);
        writer.WritePropertyName("request_tags");
        if (row.RequestTagsAsString)
        {
            writer.WriteStringValue(JsonSerializer.Serialize(row.RequestTags, EmulatorJsonContext.Default.IReadOnlyListString));
        }
        else
        {
            writer.WriteStartArray();
            foreach (var tag in row.RequestTags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
        }

        WriteNullable(writer, "team_id", row.TeamId);
        WriteNullable(writer, "organization_id", row.OrganizationId);
        WriteNullable(writer, "end_user", row.EndUser);
        WriteNullable(writer, "requester_ip_address", row.RequesterIpAddress);
        WriteNullable(writer, "session_id", row.SessionId);
        WriteNullable(writer, "status", row.Status);
        writer.WriteNull("mcp_namespaced_tool_name");
        writer.WriteNull("agent_id");
        if (row.ExtraFields is not null)
        {
            foreach (var (name, value) in row.ExtraFields)
            {
                writer.WritePropertyName(name);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Formats a double the way Python's <c>repr</c> does: shortest round-trip, <c>3.4e-05</c> below 1e-4.</summary>
    public static string PythonFloat(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A spend must be finite.");
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            // .NET writes 3.4E-05; Python writes 3.4e-05 (same switch point: exponents below -4).
            return text.Replace("E", "e", StringComparison.Ordinal);
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    public static string Timestamp(DateTimeOffset value, SpendLogTimestampStyle style)
    {
        var utc = value.UtcDateTime;
        return style switch
        {
            SpendLogTimestampStyle.IsoZulu => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            SpendLogTimestampStyle.Naive => utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            _ => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture),
        };
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
