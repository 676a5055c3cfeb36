using System.Text.Json.Serialization;

namespace UsageAnalytics.Analytics;

/// <summary>
/// Version 1 of the serialized accumulator state (<see cref="UsageAccumulator.StateVersion"/>): a plain data shape,
/// written and read by <see cref="UsageStateJsonContext"/> and mapped by <see cref="AccumulatorStateMapper"/>.
/// </summary>
/// <remarks>
/// The wire format is frozen by <c>golden-state-v1.json</c> in the tests: the JSON names, their order and which
/// members are omitted are part of it. Never change this type's shape; add a new version instead. Members are
/// declared in the order they are written.
/// </remarks>
internal sealed class AccumulatorStateV1
{
    [JsonPropertyName("version")]
    public required int Version { get; init; }

    [JsonPropertyName("options")]
    public required StateOptionsV1 Options { get; init; }

    /// <summary>The earliest row's <see cref="DateTimeOffset.UtcTicks"/>; present exactly when rows were added.</summary>
    [JsonPropertyName("firstUtcTicks")]
    public long? FirstUtcTicks { get; init; }

    /// <summary>The latest row's <see cref="DateTimeOffset.UtcTicks"/>; present exactly when rows were added.</summary>
    [JsonPropertyName("lastUtcTicks")]
    public long? LastUtcTicks { get; init; }

    [JsonPropertyName("totals")]
    public required GroupStateV1 Totals { get; init; }

    /// <summary>One entry per <see cref="StateOptionsV1.GroupBy"/> dimension, in that order.</summary>
    [JsonPropertyName("groups")]
    public required IReadOnlyList<DimensionGroupsV1> Groups { get; init; }

    /// <summary>One entry per <see cref="StateOptionsV1.TimeBuckets"/> size, in that order.</summary>
    [JsonPropertyName("buckets")]
    public required IReadOnlyList<BucketGroupsV1> Buckets { get; init; }

    /// <summary>24 slots, local hours 0–23 (all empty when hour or minute buckets are kept: the patterns are derived
    /// from those).</summary>
    [JsonPropertyName("hourOfDay")]
    public required IReadOnlyList<GroupStateV1> HourOfDay { get; init; }

    /// <summary>7 slots, Sunday (0) to Saturday (6), empty like <see cref="HourOfDay"/>.</summary>
    [JsonPropertyName("dayOfWeek")]
    public required IReadOnlyList<GroupStateV1> DayOfWeek { get; init; }

    /// <summary>The HyperLogLog registers of the distinct users, base64 (empty when no user was seen); present
    /// exactly when distinct users are estimated rather than grouped.</summary>
    [JsonPropertyName("users")]
    public string? Users { get; init; }

    /// <summary>The distinct sessions, like <see cref="Users"/>.</summary>
    [JsonPropertyName("sessions")]
    public string? Sessions { get; init; }
}

/// <summary>The options of a version 1 state: everything that decides what the accumulator keeps.</summary>
internal sealed class StateOptionsV1
{
    /// <summary>The <see cref="UsageDimension.Name"/> of each group dimension.</summary>
    [JsonPropertyName("groupBy")]
    public required IReadOnlyList<string> GroupBy { get; init; }

    /// <summary>The effective <see cref="UsageAccumulatorOptions.LatencyBy"/> (its default applied), by name.</summary>
    [JsonPropertyName("latencyBy")]
    public required IReadOnlyList<string> LatencyBy { get; init; }

    [JsonPropertyName("latencyInTimeBuckets")]
    public required bool LatencyInTimeBuckets { get; init; }

    /// <summary>The <see cref="TimeBucketSize"/> names (<c>Hour</c>, <c>Day</c>, …).</summary>
    [JsonPropertyName("timeBuckets")]
    public required IReadOnlyList<string> TimeBuckets { get; init; }

    /// <summary>The time zone id, as <see cref="TimeZoneInfo.Id"/> gave it.</summary>
    [JsonPropertyName("timeZone")]
    public required string TimeZone { get; init; }

    /// <summary>The <see cref="System.DayOfWeek"/> name (<c>Monday</c>, …).</summary>
    [JsonPropertyName("firstDayOfWeek")]
    public required string FirstDayOfWeek { get; init; }

    [JsonPropertyName("countDistinct")]
    public required bool CountDistinct { get; init; }

    [JsonPropertyName("relativeAccuracy")]
    public required double RelativeAccuracy { get; init; }

    [JsonPropertyName("currency")]
    public required string Currency { get; init; }
}

/// <summary>The groups of one dimension in a version 1 state.</summary>
internal sealed class DimensionGroupsV1
{
    /// <summary>The <see cref="UsageDimension.Name"/>; must match the options' group dimension at the same index.</summary>
    [JsonPropertyName("dimension")]
    public required string Dimension { get; init; }

    /// <summary>The group of rows without a value; present exactly when such rows arrived.</summary>
    [JsonPropertyName("none")]
    public GroupStateV1? None { get; init; }

    /// <summary>The group of each non-blank value, by value, in first-seen order.</summary>
    [JsonPropertyName("values")]
    public required IReadOnlyDictionary<string, GroupStateV1> Values { get; init; }
}

/// <summary>The buckets of one size in a version 1 state.</summary>
internal sealed class BucketGroupsV1
{
    /// <summary>The <see cref="TimeBucketSize"/> name; must match the options' bucket size at the same index.</summary>
    [JsonPropertyName("size")]
    public required string Size { get; init; }

    /// <summary>Each bucket by its key (decimal ticks, see <see cref="ZoneClock.KeyOf"/>), in ascending key order.</summary>
    [JsonPropertyName("values")]
    public required IReadOnlyDictionary<string, GroupStateV1> Values { get; init; }
}
