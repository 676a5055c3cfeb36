using System.Globalization;
using System.Text;
using System.Text.Json;

namespace UsageAnalytics.Analytics;

/// <summary>
/// Maps a <see cref="UsageAccumulator"/>'s state to and from the version 1 document (<see cref="AccumulatorStateV1"/>):
/// this file writes it; <c>AccumulatorStateMapper.Read.cs</c> checks and restores it.
/// </summary>
internal static partial class AccumulatorStateMapper
{
    /// <summary>Returns the complete state of an accumulator as a version 1 document.</summary>
    public static AccumulatorStateV1 ToState(UsageAccumulator accumulator)
    {
        var options = accumulator.Options;
        var groups = new List<DimensionGroupsV1>(accumulator.Tables.Length);
        foreach (var table in accumulator.Tables)
        {
            var values = new Dictionary<string, GroupStateV1>(table.KeyedCount, StringComparer.Ordinal);
            foreach (var (key, state) in table.Groups)
            {
                values.Add(key, ToGroup(in state));
            }

            groups.Add(new DimensionGroupsV1
            {
                Dimension = table.Dimension.Name,
                None = table.HasNone ? ToGroup(in table.None) : null,
                Values = values,
            });
        }

        var buckets = new List<BucketGroupsV1>(accumulator.BucketTables.Length);
        foreach (var table in accumulator.BucketTables)
        {
            var sorted = table.All().ToList();
            sorted.Sort(static (a, b) => a.Key.CompareTo(b.Key));
            var values = new Dictionary<string, GroupStateV1>(sorted.Count, StringComparer.Ordinal);
            foreach (var (key, state) in sorted)
            {
                values.Add(key.ToString(CultureInfo.InvariantCulture), ToGroup(in state));
            }

            buckets.Add(new BucketGroupsV1 { Size = table.Size.ToString(), Values = values });
        }

        var hasRows = accumulator.Count > 0;
        return new AccumulatorStateV1
        {
            Version = UsageAccumulator.StateVersion,
            Options = new StateOptionsV1
            {
                GroupBy = [.. options.GroupBy.Select(static d => d.Name)],
                LatencyBy = [.. options.LatencyBy!.Select(static d => d.Name)],
                LatencyInTimeBuckets = options.LatencyInTimeBuckets,
                TimeBuckets = [.. options.TimeBuckets.Select(static s => s.ToString())],
                TimeZone = options.TimeZone.Id,
                FirstDayOfWeek = options.FirstDayOfWeek.ToString(),
                CountDistinct = options.CountDistinct,
                RelativeAccuracy = options.RelativeAccuracy,
                Currency = options.Currency,
            },
            FirstUtcTicks = hasRows ? accumulator.FirstUtcTicks : null,
            LastUtcTicks = hasRows ? accumulator.LastUtcTicks : null,
            Totals = ToGroup(in accumulator.TotalsState),
            Groups = groups,
            Buckets = buckets,
            HourOfDay = ToGroups(accumulator.HourOfDayStates),
            DayOfWeek = ToGroups(accumulator.DayOfWeekStates),
            Users = accumulator.DistinctUsers?.ToBase64(),
            Sessions = accumulator.DistinctSessions?.ToBase64(),
        };
    }

    /// <summary>Reads a state document of any version this library knows.</summary>
    /// <exception cref="UsageStateFormatException">The document cannot be read; the message names what is wrong.</exception>
    public static UsageAccumulator FromJson(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var version = StateDocumentCheck.Check(utf8);
        if (version != UsageAccumulator.StateVersion)
        {
            throw new UsageStateFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"Unsupported accumulator state version {version}; this library reads version {UsageAccumulator.StateVersion}."));
        }

        AccumulatorStateV1 state;
        try
        {
            state = JsonSerializer.Deserialize(utf8, UsageStateJsonContext.Default.AccumulatorStateV1)!;
        }
        catch (JsonException exception)
        {
            var where = exception.Path is { } path && !exception.Message.Contains(path, StringComparison.Ordinal) ? " (at '" + path + "')" : string.Empty;
            throw new UsageStateFormatException("The accumulator state is not a valid version 1 state: " + exception.Message + where, exception);
        }

        try
        {
            return ToAccumulator(state);
        }
        catch (Exception exception) when (exception is FormatException or OverflowException or ArgumentException or InvalidOperationException
            or IndexOutOfRangeException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // The checks in ToAccumulator name the field; this only keeps an unforeseen case inside the contract.
            throw new UsageStateFormatException("The accumulator state is malformed: " + exception.Message, exception);
        }
    }

    private static List<GroupStateV1> ToGroups(GroupState[] states)
    {
        var groups = new List<GroupStateV1>(states.Length);
        foreach (var state in states)
        {
            groups.Add(ToGroup(in state));
        }

        return groups;
    }

    private static GroupStateV1 ToGroup(in GroupState state) => new()
    {
        Requests = state.Requests,
        Failures = state.Failures,
        Actualized = state.Actualized,
        MissingRequestId = state.MissingRequestId,
        CacheKnown = state.CacheKnown,
        CacheHits = state.CacheHits,
        CacheHitTokens = state.CacheHitTokens,
        CacheMissTokens = state.CacheMissTokens,
        PromptTokens = state.PromptTokens,
        CompletionTokens = state.CompletionTokens,
        CachedPromptTokens = state.CachedPromptTokens,
        CacheWriteTokens = state.CacheWriteTokens,
        ReasoningTokens = state.ReasoningTokens,
        Estimated = MoneyV1.From(state.Estimated),
        Actual = MoneyV1.From(state.Actual),
        EstimatedOnly = MoneyV1.From(state.EstimatedOnly),
        Timing = state.Timing is { } timing ? ToTiming(timing) : null,
    };

    private static TimingStateV1 ToTiming(GroupTiming timing) => new()
    {
        TimedCompletionTokens = timing.TimedCompletionTokens,
        TimedLatencyMs = timing.TimedLatencyMs,
        Latency = ToStats(in timing.Latency),
        TimeToFirstToken = ToStats(in timing.TimeToFirstToken),
        FailedLatency = ToStats(in timing.FailedLatency),
        Tokens = ToStats(in timing.Tokens),
        SuccessfulPromptTokens = timing.SuccessfulPromptTokens,
        SuccessfulCompletionTokens = timing.SuccessfulCompletionTokens,
    };

    private static StatsStateV1 ToStats(in RunningStats stats)
    {
        var hasValues = stats.Count > 0;
        return new StatsStateV1
        {
            Count = stats.Count,
            Sum = hasValues ? stats.Sum : null,
            Min = hasValues ? stats.Min : null,
            Max = hasValues ? stats.Max : null,
            Sketch = stats.Sketch is { } sketch
                ? new SketchStateV1 { Zeros = sketch.ZeroCount, Bins = [.. sketch.Buckets().Select(static b => new[] { b.Index, b.Count })] }
                : null,
        };
    }
}
