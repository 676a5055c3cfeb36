using System.Collections.ObjectModel;
using UsageAnalytics.Export.Internal;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>
/// One column of a CSV export of <see cref="UsageRecord"/> rows: a built-in field (<see cref="Timestamp"/>,
/// <see cref="Model"/>, <see cref="EstimatedCost"/>, …) or a custom dimension (<see cref="Dimension(string)"/>).
/// </summary>
/// <remarks>
/// <para>Instances compare by value; <see cref="Name"/> is the header text and the name <see cref="Parse(string)"/> reads.
/// Names are snake_case (<c>prompt_tokens</c>), a custom dimension is <c>dimension:&lt;key&gt;</c>.</para>
/// <para>Cells: text as given (quoted per RFC 4180, formula starts neutralised per OWASP's CSV-injection rule), integers
/// and decimals in invariant culture with the scale kept (money in the row's <see cref="UsageRecord.Currency"/>),
/// durations in milliseconds in round-trip form, timestamps in ISO 8601 UTC (<c>2026-06-10T12:00:00Z</c>),
/// <c>true</c>/<c>false</c> for the cache flag; an absent value is an empty cell. <see cref="Tags"/> joins the tags with
/// <c>;</c> (a tag holding <c>;</c> cannot be told apart after the export; use JSON Lines to keep tags exact).</para>
/// </remarks>
public sealed partial class UsageCsvColumn : IEquatable<UsageCsvColumn>
{
    private const string DimensionPrefix = "dimension:";

    private readonly Field _field;

    private UsageCsvColumn(Field field, string name, string? dimensionKey)
    {
        _field = field;
        Name = name;
        DimensionKey = dimensionKey;
    }

    private enum Field
    {
        Timestamp, RequestId, Provider, Model, Service, Status, ErrorType, UserId, TeamId, KeyAlias, SessionId, Tags,
        PromptTokens, CompletionTokens, TotalTokens, CachedPromptTokens, CacheWriteTokens, ReasoningTokens,
        EstimatedCost, ActualCost, EffectiveCost, Currency, LatencyMs, TimeToFirstTokenMs, CacheHit,
        CacheWriteFiveMinuteTokens, CacheWriteOneHourTokens, AudioDurationSeconds, CharacterCount, Dimension,
    }

    /// <summary>Gets the <c>timestamp</c> column: <see cref="UsageRecord.Timestamp"/> in ISO 8601 UTC.</summary>
    public static UsageCsvColumn Timestamp { get; } = new(Field.Timestamp, "timestamp", null);

    /// <summary>Gets the <c>request_id</c> column: <see cref="UsageRecord.RequestId"/>.</summary>
    public static UsageCsvColumn RequestId { get; } = new(Field.RequestId, "request_id", null);

    /// <summary>Gets the <c>provider</c> column: <see cref="UsageRecord.Provider"/>.</summary>
    public static UsageCsvColumn Provider { get; } = new(Field.Provider, "provider", null);

    /// <summary>Gets the <c>model</c> column: <see cref="UsageRecord.Model"/>.</summary>
    public static UsageCsvColumn Model { get; } = new(Field.Model, "model", null);

    /// <summary>Gets the <c>service</c> column: <see cref="UsageRecord.Service"/>.</summary>
    public static UsageCsvColumn Service { get; } = new(Field.Service, "service", null);

    /// <summary>Gets the <c>status</c> column: <see cref="UsageRecord.Status"/> as stored (empty when null).</summary>
    public static UsageCsvColumn Status { get; } = new(Field.Status, "status", null);

    /// <summary>Gets the <c>error_type</c> column: <see cref="UsageRecord.ErrorType"/>.</summary>
    public static UsageCsvColumn ErrorType { get; } = new(Field.ErrorType, "error_type", null);

    /// <summary>Gets the <c>user_id</c> column: <see cref="UsageRecord.UserId"/>.</summary>
    public static UsageCsvColumn UserId { get; } = new(Field.UserId, "user_id", null);

    /// <summary>Gets the <c>team_id</c> column: <see cref="UsageRecord.TeamId"/>.</summary>
    public static UsageCsvColumn TeamId { get; } = new(Field.TeamId, "team_id", null);

    /// <summary>Gets the <c>key_alias</c> column: <see cref="UsageRecord.KeyAlias"/> (never the key itself).</summary>
    public static UsageCsvColumn KeyAlias { get; } = new(Field.KeyAlias, "key_alias", null);

    /// <summary>Gets the <c>session_id</c> column: <see cref="UsageRecord.SessionId"/>.</summary>
    public static UsageCsvColumn SessionId { get; } = new(Field.SessionId, "session_id", null);

    /// <summary>Gets the <c>tags</c> column: <see cref="UsageRecord.Tags"/> joined with <c>;</c>, empty without tags.</summary>
    public static UsageCsvColumn Tags { get; } = new(Field.Tags, "tags", null);

    /// <summary>Gets the <c>prompt_tokens</c> column: <see cref="UsageRecord.PromptTokens"/>, in tokens.</summary>
    public static UsageCsvColumn PromptTokens { get; } = new(Field.PromptTokens, "prompt_tokens", null);

    /// <summary>Gets the <c>completion_tokens</c> column: <see cref="UsageRecord.CompletionTokens"/>, in tokens.</summary>
    public static UsageCsvColumn CompletionTokens { get; } = new(Field.CompletionTokens, "completion_tokens", null);

    /// <summary>Gets the <c>total_tokens</c> column: <see cref="UsageRecord.TotalTokens"/>, in tokens.</summary>
    public static UsageCsvColumn TotalTokens { get; } = new(Field.TotalTokens, "total_tokens", null);

    /// <summary>Gets the <c>cached_prompt_tokens</c> column: <see cref="UsageRecord.CachedPromptTokens"/>, in tokens.</summary>
    public static UsageCsvColumn CachedPromptTokens { get; } = new(Field.CachedPromptTokens, "cached_prompt_tokens", null);

    /// <summary>Gets the <c>cache_write_tokens</c> column: <see cref="UsageRecord.CacheWriteTokens"/>, in tokens.</summary>
    public static UsageCsvColumn CacheWriteTokens { get; } = new(Field.CacheWriteTokens, "cache_write_tokens", null);

    /// <summary>Gets the <c>reasoning_tokens</c> column: <see cref="UsageRecord.ReasoningTokens"/>, in tokens.</summary>
    public static UsageCsvColumn ReasoningTokens { get; } = new(Field.ReasoningTokens, "reasoning_tokens", null);

    /// <summary>Gets the <c>estimated_cost</c> column: <see cref="UsageRecord.EstimatedCost"/>, in the row's currency.</summary>
    public static UsageCsvColumn EstimatedCost { get; } = new(Field.EstimatedCost, "estimated_cost", null);

    /// <summary>Gets the <c>actual_cost</c> column: <see cref="UsageRecord.ActualCost"/>, in the row's currency; empty
    /// while the row is estimated only.</summary>
    public static UsageCsvColumn ActualCost { get; } = new(Field.ActualCost, "actual_cost", null);

    /// <summary>Gets the <c>effective_cost</c> column: <see cref="UsageRecord.EffectiveCost"/> (actual, else estimated),
    /// in the row's currency.</summary>
    public static UsageCsvColumn EffectiveCost { get; } = new(Field.EffectiveCost, "effective_cost", null);

    /// <summary>Gets the <c>currency</c> column: <see cref="UsageRecord.Currency"/> (ISO 4217) of the row's money cells.</summary>
    public static UsageCsvColumn Currency { get; } = new(Field.Currency, "currency", null);

    /// <summary>Gets the <c>latency_ms</c> column: <see cref="UsageRecord.LatencyMs"/>, in milliseconds.</summary>
    public static UsageCsvColumn LatencyMs { get; } = new(Field.LatencyMs, "latency_ms", null);

    /// <summary>Gets the <c>time_to_first_token_ms</c> column: <see cref="UsageRecord.TimeToFirstTokenMs"/>, in milliseconds.</summary>
    public static UsageCsvColumn TimeToFirstTokenMs { get; } = new(Field.TimeToFirstTokenMs, "time_to_first_token_ms", null);

    /// <summary>Gets the <c>cache_hit</c> column: <see cref="UsageRecord.CacheHit"/> as <c>true</c>/<c>false</c>, empty when unknown.</summary>
    public static UsageCsvColumn CacheHit { get; } = new(Field.CacheHit, "cache_hit", null);

    /// <summary>Gets the <c>cache_write_5m_tokens</c> column: <see cref="UsageRecord.CacheWriteFiveMinuteTokens"/>, in
    /// tokens (not in <see cref="Default"/>).</summary>
    public static UsageCsvColumn CacheWriteFiveMinuteTokens { get; } = new(Field.CacheWriteFiveMinuteTokens, "cache_write_5m_tokens", null);

    /// <summary>Gets the <c>cache_write_1h_tokens</c> column: <see cref="UsageRecord.CacheWriteOneHourTokens"/>, in
    /// tokens (not in <see cref="Default"/>).</summary>
    public static UsageCsvColumn CacheWriteOneHourTokens { get; } = new(Field.CacheWriteOneHourTokens, "cache_write_1h_tokens", null);

    /// <summary>Gets the <c>audio_duration_seconds</c> column: <see cref="UsageRecord.AudioDurationSeconds"/>, in
    /// seconds (not in <see cref="Default"/>).</summary>
    public static UsageCsvColumn AudioDurationSeconds { get; } = new(Field.AudioDurationSeconds, "audio_duration_seconds", null);

    /// <summary>Gets the <c>character_count</c> column: <see cref="UsageRecord.CharacterCount"/>, in characters (not in
    /// <see cref="Default"/>).</summary>
    public static UsageCsvColumn CharacterCount { get; } = new(Field.CharacterCount, "character_count", null);

    /// <summary>
    /// Gets the default columns, in this order: timestamp, request_id, provider, model, service, status, error_type,
    /// user_id, team_id, key_alias, session_id, tags, prompt_tokens, completion_tokens, total_tokens,
    /// cached_prompt_tokens, cache_write_tokens, reasoning_tokens, estimated_cost, actual_cost, effective_cost, currency,
    /// latency_ms, time_to_first_token_ms, cache_hit.
    /// </summary>
    public static IReadOnlyList<UsageCsvColumn> Default { get; } = new ReadOnlyCollection<UsageCsvColumn>(
    [
        Timestamp, RequestId, Provider, Model, Service, Status, ErrorType, UserId, TeamId, KeyAlias, SessionId, Tags,
        PromptTokens, CompletionTokens, TotalTokens, CachedPromptTokens, CacheWriteTokens, ReasoningTokens,
        EstimatedCost, ActualCost, EffectiveCost, Currency, LatencyMs, TimeToFirstTokenMs, CacheHit,
    ]);

    /// <summary>Gets every built-in column: <see cref="Default"/>, then cache_write_5m_tokens, cache_write_1h_tokens,
    /// audio_duration_seconds and character_count. Custom dimensions are made with <see cref="Dimension(string)"/>.</summary>
    public static IReadOnlyList<UsageCsvColumn> All { get; } = new ReadOnlyCollection<UsageCsvColumn>(
        [.. Default, CacheWriteFiveMinuteTokens, CacheWriteOneHourTokens, AudioDurationSeconds, CharacterCount]);

    /// <summary>Gets the column name, used as its header: <c>model</c>, …, or <c>dimension:&lt;key&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the <see cref="UsageRecord.Dimensions"/> key of a custom dimension column; otherwise <see langword="null"/>.</summary>
    public string? DimensionKey { get; }

    /// <summary>Returns the column of the custom dimension <paramref name="key"/>: header <c>dimension:&lt;key&gt;</c>,
    /// value <see cref="UsageRecord.Dimensions"/>[<paramref name="key"/>], empty when the row has none.</summary>
    /// <param name="key">The dimension key, compared ordinally (for example <c>department</c>).</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null, empty or white space.</exception>
    public static UsageCsvColumn Dimension(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return new UsageCsvColumn(Field.Dimension, DimensionPrefix + key, key);
    }

    /// <summary>Returns the column with the given <see cref="Name"/> (ordinal, case-sensitive).</summary>
    /// <param name="name">A name from <see cref="All"/> (such as <c>effective_cost</c>) or <c>dimension:&lt;key&gt;</c>.</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a column name; the message names it and lists
    /// the valid names.</exception>
    public static UsageCsvColumn Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var column in All)
        {
            if (string.Equals(column.Name, name, StringComparison.Ordinal))
            {
                return column;
            }
        }

        if (name.StartsWith(DimensionPrefix, StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(name[DimensionPrefix.Length..]))
        {
            return Dimension(name[DimensionPrefix.Length..]);
        }

        throw new ArgumentException(
            "Unknown CSV column '" + name + "'. Valid columns: " + string.Join(", ", All.Select(c => c.Name)) + ", dimension:<key>.",
            nameof(name));
    }

    /// <inheritdoc />
    public bool Equals(UsageCsvColumn? other) =>
        other is not null && _field == other._field && string.Equals(DimensionKey, other.DimensionKey, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as UsageCsvColumn);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_field, DimensionKey is null ? 0 : StringComparer.Ordinal.GetHashCode(DimensionKey));

    /// <inheritdoc />
    public override string ToString() => Name;
}
