using System.Globalization;
using System.Text.Json.Nodes;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// The JSON shape of one <see cref="UsageRecord"/>: its stored fields only (the computed ones — total tokens, effective
/// cost, success, actualized — are derived again on reading). Empty tags and dimensions are omitted like nulls; a
/// non-finite duration (NaN, ±Infinity) is omitted too, as the CSV writer writes an empty cell.
/// </summary>
internal sealed class RecordJson
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

    public decimal EstimatedCost { get; set; }

    public decimal? ActualCost { get; set; }

    public string? Currency { get; set; }

    public double? LatencyMs { get; set; }

    public double? TimeToFirstTokenMs { get; set; }

    public bool? CacheHit { get; set; }

    public JsonObject? CostBreakdown { get; set; }

    /// <summary>Returns the JSON shape of a record.</summary>
    /// <exception cref="ArgumentException">The record's <see cref="UsageRecord.CostBreakdown"/> nests deeper than
    /// <see cref="UsageJsonSerializer.MaxDepth"/> allows; nothing of the record has been written.</exception>
    public static RecordJson From(UsageRecord record)
    {
        CheckDepth(record);
        return Map(record);
    }

    private static RecordJson Map(UsageRecord record) => new()
    {
        RequestId = record.RequestId,
        Timestamp = record.Timestamp,
        Provider = record.Provider,
        Model = record.Model,
        Service = record.Service,
        Status = record.Status,
        ErrorType = record.ErrorType,
        UserId = record.UserId,
        TeamId = record.TeamId,
        KeyAlias = record.KeyAlias,
        SessionId = record.SessionId,
        Tags = record.Tags.Count == 0 ? null : [.. record.Tags],
        Dimensions = record.Dimensions.Count == 0 ? null : new Dictionary<string, string>(record.Dimensions, StringComparer.Ordinal),
        PromptTokens = record.PromptTokens,
        CompletionTokens = record.CompletionTokens,
        CachedPromptTokens = record.CachedPromptTokens,
        CacheWriteTokens = record.CacheWriteTokens,
        CacheWriteFiveMinuteTokens = record.CacheWriteFiveMinuteTokens,
        CacheWriteOneHourTokens = record.CacheWriteOneHourTokens,
        ReasoningTokens = record.ReasoningTokens,
        AudioDurationSeconds = record.AudioDurationSeconds,
        CharacterCount = record.CharacterCount,
        EstimatedCost = record.EstimatedCost,
        ActualCost = record.ActualCost,
        Currency = record.Currency,
        LatencyMs = Finite(record.LatencyMs),
        TimeToFirstTokenMs = Finite(record.TimeToFirstTokenMs),
        CacheHit = record.CacheHit,
        CostBreakdown = record.CostBreakdown,
    };

    private static double? Finite(double? value) => value is { } number && double.IsFinite(number) ? number : null;

    // The record object is depth 1 and its cost_breakdown object depth 2; walked without recursion, stopping at the limit.
    private static void CheckDepth(UsageRecord record)
    {
        if (record.CostBreakdown is not { } breakdown)
        {
            return;
        }

        foreach (var depth in ContainerDepths(breakdown, 2))
        {
            if (depth > UsageJsonSerializer.MaxDepth)
            {
                throw new ArgumentException(
                    "The cost breakdown of the record with request id '" + (record.RequestId ?? "(none)") + "' nests deeper than "
                    + UsageJsonSerializer.MaxDepth.ToString(CultureInfo.InvariantCulture)
                    + " levels (UsageJsonSerializer.MaxDepth), which the JSON readers refuse.",
                    nameof(record));
            }
        }
    }

    // A JsonObject read from JSON fills its dictionary on first use (net8.0 does so lazily): a repeated property name in
    // the breakdown would throw ArgumentException later, in the caller's code. Walk it now and report it as this line's fault.
    private string? BreakdownError()
    {
        if (CostBreakdown is null)
        {
            return null;
        }

        try
        {
            foreach (var _ in ContainerDepths(CostBreakdown, 1))
            {
            }

            return null;
        }
        catch (ArgumentException e)
        {
            return "the 'cost_breakdown' is not a valid object: " + e.Message;
        }
    }

    /// <summary>The depth of every object and array under <paramref name="root"/> (itself included, at
    /// <paramref name="rootDepth"/>), walked without recursion; enumerating an object materializes its members.</summary>
    private static IEnumerable<int> ContainerDepths(JsonNode root, int rootDepth)
    {
        var pending = new Stack<(JsonNode Node, int Depth)>();
        pending.Push((root, rootDepth));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            yield return depth;
            IEnumerable<JsonNode?> children = node switch
            {
                JsonObject o => o.Select(pair => pair.Value),
                JsonArray a => a,
                _ => [],
            };
            foreach (var child in children)
            {
                if (child is JsonObject or JsonArray)
                {
                    pending.Push((child, depth + 1));
                }
            }
        }
    }

    /// <summary>Returns the record, or the reason the JSON cannot be one.</summary>
    public UsageRecord? ToRecord(out string? error)
    {
        if (Timestamp is not { } timestamp)
        {
            error = "the record has no 'timestamp'";
            return null;
        }

        error = NullEntry() ?? BreakdownError();
        if (error is not null)
        {
            return null;
        }

        return new UsageRecord
        {
            RequestId = RequestId,
            Timestamp = timestamp,
            Provider = Provider,
            Model = Model,
            Service = Service,
            Status = Status,
            ErrorType = ErrorType,
            UserId = UserId,
            TeamId = TeamId,
            KeyAlias = KeyAlias,
            SessionId = SessionId,
            Tags = Tags is null ? [] : Tags.AsReadOnly(),
            Dimensions = Dimensions is null ? new Dictionary<string, string>(StringComparer.Ordinal).AsReadOnly() : new Dictionary<string, string>(Dimensions, StringComparer.Ordinal).AsReadOnly(),
            PromptTokens = PromptTokens,
            CompletionTokens = CompletionTokens,
            CachedPromptTokens = CachedPromptTokens,
            CacheWriteTokens = CacheWriteTokens,
            CacheWriteFiveMinuteTokens = CacheWriteFiveMinuteTokens,
            CacheWriteOneHourTokens = CacheWriteOneHourTokens,
            ReasoningTokens = ReasoningTokens,
            AudioDurationSeconds = AudioDurationSeconds,
            CharacterCount = CharacterCount,
            EstimatedCost = EstimatedCost,
            ActualCost = ActualCost,
            Currency = string.IsNullOrEmpty(Currency) ? UsageRecord.DefaultCurrency : Currency,
            LatencyMs = LatencyMs,
            TimeToFirstTokenMs = TimeToFirstTokenMs,
            CacheHit = CacheHit,
            CostBreakdown = CostBreakdown,
        };
    }

    // UsageRecord promises non-null tags and dimension values; a JSON null there is refused, not dropped.
    private string? NullEntry()
    {
        if (Tags is not null)
        {
            var index = Tags.IndexOf(null!);
            if (index >= 0)
            {
                return "'tags' holds a null entry (at index " + index.ToString(CultureInfo.InvariantCulture) + ")";
            }
        }

        foreach (var pair in Dimensions ?? [])
        {
            if (pair.Value is null)
            {
                return "'dimensions' holds a null value (for the key '" + SummaryJsonMapper.Cut(pair.Key) + "')";
            }
        }

        return null;
    }
}
