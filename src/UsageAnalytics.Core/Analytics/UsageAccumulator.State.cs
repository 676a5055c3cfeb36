using System.Text.Json;

namespace UsageAnalytics.Analytics;

/// <content>Versioned JSON state, so partial results computed elsewhere can be merged here. The document shapes, their
/// source-generated serializer and the mapping live in <c>State/</c>; this part only exposes the state to them.</content>
public sealed partial class UsageAccumulator
{
    /// <summary>The version of the JSON state this library writes and reads: 1.</summary>
    public const int StateVersion = 1;

    /// <summary>Gets the totals (to write or restore the state).</summary>
    internal ref GroupState TotalsState => ref _totals;

    /// <summary>Gets the group tables, one per <see cref="UsageAccumulatorOptions.GroupBy"/> dimension, in order.</summary>
    internal DimensionTable[] Tables => _tables;

    /// <summary>Gets the bucket tables, one per <see cref="UsageAccumulatorOptions.TimeBuckets"/> size, in order.</summary>
    internal BucketTable[] BucketTables => _buckets;

    /// <summary>Gets the 24 hour-of-day slots (empty when derived from hour or minute buckets).</summary>
    internal GroupState[] HourOfDayStates => _hourOfDay;

    /// <summary>Gets the 7 day-of-week slots, Sunday first (empty when derived from hour or minute buckets).</summary>
    internal GroupState[] DayOfWeekStates => _dayOfWeek;

    /// <summary>Gets the distinct-user estimate, when kept.</summary>
    internal DistinctCounter? DistinctUsers => _users;

    /// <summary>Gets the distinct-session estimate, when kept.</summary>
    internal DistinctCounter? DistinctSessions => _sessions;

    /// <summary>Gets the earliest row's UTC ticks (<see cref="long.MaxValue"/> while empty).</summary>
    internal long FirstUtcTicks => _firstUtcTicks;

    /// <summary>Gets the latest row's UTC ticks (<see cref="long.MinValue"/> while empty).</summary>
    internal long LastUtcTicks => _lastUtcTicks;

    /// <summary>Returns the accumulator's complete state as versioned JSON (<c>"version": 1</c>).</summary>
    /// <returns>The JSON text; <see cref="FromJson(string)"/> restores an equal accumulator.</returns>
    /// <remarks>The state holds group keys (user ids, team ids, …) in clear text; treat it like the rows.</remarks>
    public string ToJson() => JsonSerializer.Serialize(AccumulatorStateMapper.ToState(this), UsageStateJsonContext.Default.AccumulatorStateV1);

    /// <summary>Writes the accumulator's complete state as one JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        JsonSerializer.Serialize(writer, AccumulatorStateMapper.ToState(this), UsageStateJsonContext.Default.AccumulatorStateV1);
    }

    /// <summary>Restores an accumulator from the JSON that <see cref="ToJson"/> wrote.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>An accumulator equal to the one serialized: the same state and options, except
    /// <see cref="UsageAccumulatorOptions.TopCostDriverCount"/>, a display setting the state does not carry (the
    /// restored options have the default, 10).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="UsageStateFormatException">The JSON is malformed or repeats a key; a member is missing, of the
    /// wrong type, negative or out of range, or unknown to the version; the version is not <see cref="StateVersion"/>
    /// (the message names both); the time zone is unknown on this system; or the groups, buckets, timing or sketches do
    /// not match the stored options. The message names the member at fault as a JSON path.</exception>
    public static UsageAccumulator FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return AccumulatorStateMapper.FromJson(json);
    }

    /// <summary>Gets whether the hour-of-day and weekday patterns are derived from hour or minute buckets (then
    /// <see cref="HourOfDayStates"/> and <see cref="DayOfWeekStates"/> stay empty).</summary>
    internal bool DerivesPatterns => _patternSource is not null;

    /// <summary>Returns the key of the bucket of the given size that holds an instant (to check restored keys).</summary>
    internal long BucketKeyOf(TimeBucketSize size, long utcTicks) => _clock.KeyOf(size, utcTicks, _clock.OffsetTicks(utcTicks));

    /// <summary>Restores the instants of the earliest and latest rows (when reading state).</summary>
    internal void RestoreTimeRange(long firstUtcTicks, long lastUtcTicks)
    {
        _firstUtcTicks = firstUtcTicks;
        _lastUtcTicks = lastUtcTicks;
    }
}
