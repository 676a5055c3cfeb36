using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <content>The fields of a usage row: both spellings of each name, its JSON type and its rules.</content>
internal static partial class UsageJsonLines
{
    /// <summary>Every field as (camelCase, snake_case); the camelCase name is the one written.</summary>
    internal static readonly (string Camel, string Snake)[] Fields =
    [
        ("requestId", "request_id"),
        ("timestamp", "timestamp"),
        ("provider", "provider"),
        ("model", "model"),
        ("service", "service"),
        ("status", "status"),
        ("errorType", "error_type"),
        ("userId", "user_id"),
        ("teamId", "team_id"),
        ("keyAlias", "key_alias"),
        ("sessionId", "session_id"),
        ("tags", "tags"),
        ("dimensions", "dimensions"),
        ("promptTokens", "prompt_tokens"),
        ("completionTokens", "completion_tokens"),
        ("cachedPromptTokens", "cached_prompt_tokens"),
        ("cacheWriteTokens", "cache_write_tokens"),
        ("cacheWriteFiveMinuteTokens", "cache_write_five_minute_tokens"),
        ("cacheWriteOneHourTokens", "cache_write_one_hour_tokens"),
        ("reasoningTokens", "reasoning_tokens"),
        ("audioDurationSeconds", "audio_duration_seconds"),
        ("characterCount", "character_count"),
        ("serviceTier", "service_tier"),
        ("estimatedCost", "estimated_cost"),
        ("actualCost", "actual_cost"),
        ("currency", "currency"),
        ("latencyMs", "latency_ms"),
        ("timeToFirstTokenMs", "time_to_first_token_ms"),
        ("cacheHit", "cache_hit"),
        ("costBreakdown", "cost_breakdown"),
    ];

    /// <summary>Each accepted spelling (case-insensitive) to its camelCase name.</summary>
    private static readonly Dictionary<string, string> _canonical = BuildCanonical();

    private static Dictionary<string, string> BuildCanonical()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (camel, snake) in Fields)
        {
            map[camel] = camel;
            map[snake] = camel;
        }

        return map;
    }

    private static UsageRecord? ReadRow(JsonElement root, List<string> problems)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        var row = new Draft();
        foreach (var property in root.EnumerateObject())
        {
            if (!TryName(property, problems, out var key))
            {
                continue;
            }

            if (!_canonical.TryGetValue(key, out var field))
            {
                problems.Add(unknown.Add(key) ? $"unknown key '{key}'" : $"unknown key '{key}' is given twice");
                continue;
            }

            if (seen.TryGetValue(field, out var earlier))
            {
                problems.Add(string.Equals(earlier, key, StringComparison.Ordinal)
                    ? $"'{key}' is given twice"
                    : $"'{earlier}' and '{key}' are the same field ({field}): give it once");
                continue;
            }

            seen[field] = key;
            Read(row, field, key, property.Value, problems);
        }

        if (!seen.ContainsKey("timestamp"))
        {
            problems.Add("'timestamp' is missing (ISO-8601 with an offset, for example 2026-08-06T14:30:00Z)");
        }

        CheckPricedQuantities(row, seen, problems);

        return problems.Count > 0 || row.Timestamp is not { } timestamp ? null : new UsageRecord
        {
            RequestId = row.RequestId,
            Timestamp = timestamp,
            Provider = row.Provider,
            Model = row.Model,
            Service = row.Service,
            Status = row.Status,
            ErrorType = row.ErrorType,
            UserId = row.UserId,
            TeamId = row.TeamId,
            KeyAlias = row.KeyAlias,
            SessionId = row.SessionId,
            Tags = row.Tags ?? [],
            Dimensions = WithServiceTier(row.Dimensions, row.ServiceTier),
            PromptTokens = row.PromptTokens,
            CompletionTokens = row.CompletionTokens,
            CachedPromptTokens = row.CachedPromptTokens,
            CacheWriteTokens = row.CacheWriteTokens,
            CacheWriteFiveMinuteTokens = row.CacheWriteFiveMinuteTokens,
            CacheWriteOneHourTokens = row.CacheWriteOneHourTokens,
            ReasoningTokens = row.ReasoningTokens,
            AudioDurationSeconds = row.AudioDurationSeconds,
            CharacterCount = row.CharacterCount,
            EstimatedCost = row.EstimatedCost,
            ActualCost = row.ActualCost,
            Currency = string.IsNullOrWhiteSpace(row.Currency) ? UsageRecord.DefaultCurrency : row.Currency,
            LatencyMs = row.LatencyMs,
            TimeToFirstTokenMs = row.TimeToFirstTokenMs,
            CacheHit = row.CacheHit,
            CostBreakdown = row.CostBreakdown,
        };
    }

    private static void Read(Draft row, string field, string key, JsonElement value, List<string> problems)
    {
        switch (field)
        {
            case "requestId": row.RequestId = Text(key, value, problems); break;
            case "timestamp": row.Timestamp = Timestamp(key, value, problems); break;
            case "provider": row.Provider = Text(key, value, problems); break;
            case "model": row.Model = Text(key, value, problems); break;
            case "service": row.Service = Text(key, value, problems); break;
            case "status": row.Status = Text(key, value, problems); break;
            case "errorType": row.ErrorType = Text(key, value, problems); break;
            case "userId": row.UserId = Text(key, value, problems); break;
            case "teamId": row.TeamId = Text(key, value, problems); break;
            case "keyAlias": row.KeyAlias = Text(key, value, problems); break;
            case "sessionId": row.SessionId = Text(key, value, problems); break;
            case "currency": row.Currency = Text(key, value, problems); break;
            case "tags": row.Tags = Tags(key, value, problems); break;
            case "dimensions": row.Dimensions = Dimensions(key, value, problems); break;
            case "promptTokens": row.PromptTokens = Tokens(key, value, problems); break;
            case "completionTokens": row.CompletionTokens = Tokens(key, value, problems); break;
            case "cachedPromptTokens": row.CachedPromptTokens = Tokens(key, value, problems); break;
            case "cacheWriteTokens": row.CacheWriteTokens = Tokens(key, value, problems); break;
            case "cacheWriteFiveMinuteTokens": row.CacheWriteFiveMinuteTokens = Count(key, value, problems, "tokens"); break;
            case "cacheWriteOneHourTokens": row.CacheWriteOneHourTokens = Count(key, value, problems, "tokens"); break;
            case "reasoningTokens": row.ReasoningTokens = Tokens(key, value, problems); break;
            case "audioDurationSeconds": row.AudioDurationSeconds = Seconds(key, value, problems); break;
            case "characterCount": row.CharacterCount = Count(key, value, problems, "characters"); break;
            case "serviceTier": row.ServiceTier = Text(key, value, problems); break;
            case "estimatedCost": row.EstimatedCost = Money(key, value, problems) ?? 0m; break;
            case "actualCost": row.ActualCost = Money(key, value, problems); break;
            case "latencyMs": row.LatencyMs = Milliseconds(key, value, problems); break;
            case "timeToFirstTokenMs": row.TimeToFirstTokenMs = Milliseconds(key, value, problems); break;
            case "cacheHit": row.CacheHit = Flag(key, value, problems); break;
            case "costBreakdown": row.CostBreakdown = Breakdown(key, value, problems); break;
            default: problems.Add($"unknown key '{key}'"); break;
        }
    }

    /// <summary>A property's name, unless it holds an escaped lone surrogate (then a problem).</summary>
    private static bool TryName(JsonProperty property, List<string> problems, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            problems.Add("a key holds an escaped lone surrogate (not text)");
            name = string.Empty;
            return false;
        }
    }

    /// <summary>A string value, or <see langword="null"/> with a problem when it holds an escaped lone surrogate.</summary>
    private static string? StringOf(string key, JsonElement value, List<string> problems)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            problems.Add($"'{key}' holds an escaped lone surrogate (not text)");
            return null;
        }
    }

    private static string? Text(string key, JsonElement value, List<string> problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return StringOf(key, value, problems);
            case JsonValueKind.Null:
                return null;
            default:
                problems.Add($"expected a string for '{key}', got {KindOf(value)}");
                return null;
        }
    }

    private static DateTimeOffset? Timestamp(string key, JsonElement value, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"expected a string (ISO-8601 timestamp with an offset) for '{key}', got {KindOf(value)}");
            return null;
        }

        if (StringOf(key, value, problems) is not { } text)
        {
            return null;
        }

        // Without an offset the time would be read in this machine's zone: a silently shifted row. Refuse instead.
        if (!value.TryGetDateTimeOffset(out var instant) || !OffsetAtEnd().IsMatch(text) || instant == default)
        {
            problems.Add($"'{key}' needs an ISO-8601 timestamp with an offset (2026-08-06T14:30:00Z or 2026-08-06T16:30:00+02:00), got \"{Shorten(text)}\"");
            return null;
        }

        return instant;
    }

    private static long Tokens(string key, JsonElement value, List<string> problems) => Count(key, value, problems, "tokens") ?? 0;

    /// <summary>A whole number ≥ 0, or <see langword="null"/> for JSON null (absent: "not reported" differs from 0 for the
    /// cache-write split, the audio seconds and the characters).</summary>
    private static long? Count(string key, JsonElement value, List<string> problems, string unit)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            problems.Add($"expected a number for '{key}', got {KindOf(value)}");
            return 0;
        }

        if (!value.TryGetInt64(out var count))
        {
            problems.Add($"expected a whole number of {unit} for '{key}', got {Shorten(value.GetRawText())}");
            return null;
        }

        if (count < 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"'{key}' must not be negative, got {count}"));
            return null;
        }

        return count;
    }

    /// <summary>A JSON number or a numeric string (invariant culture: <c>"0.0021"</c>, <c>"3.4e-05"</c>), not negative.</summary>
    private static decimal? Money(string key, JsonElement value, List<string> problems)
    {
        decimal amount;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.TryGetDecimal(out amount):
                break;
            case JsonValueKind.Number:
                problems.Add($"'{key}' is out of range for an amount of money: {Shorten(value.GetRawText())}");
                return null;
            case JsonValueKind.String:
                if (StringOf(key, value, problems) is not { } text)
                {
                    return null;
                }

                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out amount))
                {
                    problems.Add($"expected a number or a numeric string (invariant culture, 0.0021) for '{key}', got \"{Shorten(text)}\"");
                    return null;
                }

                break;
            default:
                problems.Add($"expected a number for '{key}', got {KindOf(value)}");
                return null;
        }

        if (amount < 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"'{key}' must not be negative, got {amount}"));
            return null;
        }

        return amount;
    }

    private static double? Milliseconds(string key, JsonElement value, List<string> problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.TryGetDouble(out var ms) && double.IsFinite(ms):
                if (ms < 0)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"'{key}' must not be negative, got {ms}"));
                    return null;
                }

                return ms;
            case JsonValueKind.Number:
                problems.Add($"'{key}' is out of range: {Shorten(value.GetRawText())}");
                return null;
            default:
                problems.Add($"expected a number (milliseconds) for '{key}', got {KindOf(value)}");
                return null;
        }
    }

    /// <summary>true / false, or LiteLLM's <c>cache_hit</c> strings <c>"True"</c>, <c>"False"</c> and <c>"None"</c> (unknown).</summary>
    private static bool? Flag(string key, JsonElement value, List<string> problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String when value.ValueEquals("True") || value.ValueEquals("true"):
                return true;
            case JsonValueKind.String when value.ValueEquals("False") || value.ValueEquals("false"):
                return false;
            case JsonValueKind.String when value.ValueEquals("None"):
                return null;
            default:
                problems.Add($"expected a boolean (or LiteLLM's \"True\", \"False\", \"None\") for '{key}', got {KindOf(value)}");
                return null;
        }
    }

    private static List<string>? Tags(string key, JsonElement value, List<string> problems)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"expected an array of strings for '{key}', got {KindOf(value)}");
            return null;
        }

        var tags = new List<string>(value.GetArrayLength());
        var index = 0;
        foreach (var tag in value.EnumerateArray())
        {
            if (tag.ValueKind == JsonValueKind.String)
            {
                if (StringOf(string.Create(CultureInfo.InvariantCulture, $"{key}[{index}]"), tag, problems) is { } text)
                {
                    tags.Add(text);
                }
            }
            else
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"expected a string for '{key}[{index}]', got {KindOf(tag)}"));
            }

            index++;
        }

        return tags;
    }

    private static Dictionary<string, string>? Dimensions(string key, JsonElement value, List<string> problems)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"expected an object of strings for '{key}', got {KindOf(value)}");
            return null;
        }

        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!TryName(property, problems, out var name))
            {
                continue;
            }

            var path = key + "." + name;
            if (dimensions.ContainsKey(name))
            {
                problems.Add($"'{path}' is given twice");
            }
            else if (property.Value.ValueKind != JsonValueKind.String)
            {
                problems.Add($"expected a string for '{path}', got {KindOf(property.Value)}");
            }
            else if (StringOf(path, property.Value, problems) is { } text)
            {
                dimensions[name] = text;
            }
        }

        return dimensions;
    }

    private static JsonObject? Breakdown(string key, JsonElement value, List<string> problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Object:
                var before = problems.Count;
                CheckNoDuplicates(key, value, problems);

                // A copy that outlives the line's document.
                return problems.Count > before ? null : JsonObject.Create(value.Clone());
            default:
                problems.Add($"expected an object for '{key}', got {KindOf(value)}");
                return null;
        }
    }

    /// <summary>A key given twice in one object of a breakdown would be read last-value-wins by some readers and refused by
    /// others: refuse it here, naming where.</summary>
    private static void CheckNoDuplicates(string path, JsonElement value, List<string> problems)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                CheckNoDuplicates(string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), item, problems);
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!TryName(property, problems, out var name))
            {
                continue;
            }

            if (!names.Add(name))
            {
                problems.Add($"'{path}.{name}' is given twice");
                continue;
            }

            CheckNoDuplicates(path + "." + name, property.Value, problems);
        }
    }

    private static string KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Shorten(string text) => text.Length <= 60 ? OneLine(text) : OneLine(text[..57]) + "...";

    /// <summary>Z, or ±hh:mm / ±hhmm / ±hh, at the end of a timestamp that has a time part.</summary>
    [GeneratedRegex(@"T.*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OffsetAtEnd();

    /// <summary>The fields read so far; <see cref="UsageRecord"/> is init-only.</summary>
    private sealed class Draft
    {
        public string? RequestId { get; set; }

        public DateTimeOffset? Timestamp { get; set; }

        public string? Provider { get; set; }

        public string? Model { get; set; }

        public string? Service { get; set; }

        public string? Status { get; set; }

        public string? ErrorType { get; set; }

        public string? UserId { get; set; }

        public string? TeamId { get; set; }

        public string? KeyAlias { get; set; }

        public string? SessionId { get; set; }

        public string? Currency { get; set; }

        public List<string>? Tags { get; set; }

        public Dictionary<string, string>? Dimensions { get; set; }

        public long PromptTokens { get; set; }

        public long CompletionTokens { get; set; }

        public long CachedPromptTokens { get; set; }

        public long CacheWriteTokens { get; set; }

        public long? CacheWriteFiveMinuteTokens { get; set; }

        public long? CacheWriteOneHourTokens { get; set; }

        public long ReasoningTokens { get; set; }

        public decimal? AudioDurationSeconds { get; set; }

        public long? CharacterCount { get; set; }

        public string? ServiceTier { get; set; }

        public decimal EstimatedCost { get; set; }

        public decimal? ActualCost { get; set; }

        public double? LatencyMs { get; set; }

        public double? TimeToFirstTokenMs { get; set; }

        public bool? CacheHit { get; set; }

        public JsonObject? CostBreakdown { get; set; }
    }
}
