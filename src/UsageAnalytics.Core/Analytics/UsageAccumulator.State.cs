using System.Globalization;
using System.Text;
using System.Text.Json;

namespace UsageAnalytics.Analytics;

/// <content>Versioned JSON state, so partial results computed elsewhere can be merged here.</content>
public sealed partial class UsageAccumulator
{
    /// <summary>The version of the JSON state this library writes and reads: 1.</summary>
    public const int StateVersion = 1;

    /// <summary>Returns the accumulator's complete state as versioned JSON (<c>"version": 1</c>).</summary>
    /// <returns>The JSON text; <see cref="FromJson(string)"/> restores an equal accumulator.</returns>
    /// <remarks>The state holds group keys (user ids, team ids, …) in clear text; treat it like the rows.</remarks>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes the accumulator's complete state as one JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("version", StateVersion);
        writer.WriteStartObject("options");
        WriteNames(writer, "groupBy", _options.GroupBy);
        WriteNames(writer, "latencyBy", _options.LatencyBy!);
        writer.WriteBoolean("latencyInTimeBuckets", _options.LatencyInTimeBuckets);
        writer.WriteStartArray("timeBuckets");
        foreach (var size in _options.TimeBuckets)
        {
            writer.WriteStringValue(size.ToString());
        }

        writer.WriteEndArray();
        writer.WriteString("timeZone", _options.TimeZone.Id);
        writer.WriteString("firstDayOfWeek", _options.FirstDayOfWeek.ToString());
        writer.WriteBoolean("countDistinct", _options.CountDistinct);
        writer.WriteNumber("relativeAccuracy", _options.RelativeAccuracy);
        writer.WriteString("currency", _options.Currency);
        writer.WriteEndObject();
        if (Count > 0)
        {
            writer.WriteNumber("firstUtcTicks", _firstUtcTicks);
            writer.WriteNumber("lastUtcTicks", _lastUtcTicks);
        }

        writer.WritePropertyName("totals");
        WriteGroup(writer, in _totals);
        writer.WriteStartArray("groups");
        foreach (var table in _tables)
        {
            writer.WriteStartObject();
            writer.WriteString("dimension", table.Dimension.Name);
            if (table.HasNone)
            {
                writer.WritePropertyName("none");
                WriteGroup(writer, in table.None);
            }

            writer.WriteStartObject("values");
            foreach (var (key, state) in table.Groups)
            {
                writer.WritePropertyName(key);
                WriteGroup(writer, state);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("buckets");
        foreach (var table in _buckets)
        {
            writer.WriteStartObject();
            writer.WriteString("size", table.Size.ToString());
            writer.WriteStartObject("values");
            foreach (var (key, state) in SummaryParts.SortedBuckets(table))
            {
                writer.WritePropertyName(key.ToString(CultureInfo.InvariantCulture));
                WriteGroup(writer, state);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WritePatterns(writer, "hourOfDay", _hourOfDay);
        WritePatterns(writer, "dayOfWeek", _dayOfWeek);
        if (_users is not null)
        {
            writer.WriteString("users", _users.ToBase64());
        }

        if (_sessions is not null)
        {
            writer.WriteString("sessions", _sessions.ToBase64());
        }

        writer.WriteEndObject();
    }

    /// <summary>Restores an accumulator from the JSON that <see cref="ToJson"/> wrote.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>An accumulator equal to the one serialized.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="UsageStateFormatException">The JSON is malformed, incomplete, of an unknown version, or names an
    /// unknown time zone.</exception>
    public static UsageAccumulator FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (JsonException exception)
        {
            throw new UsageStateFormatException("The accumulator state is not valid JSON.", exception);
        }
    }

    private static UsageAccumulator Read(JsonElement root)
    {
        try
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
            {
                throw new UsageStateFormatException("The accumulator state has no version.");
            }

            if (!version.TryGetInt32(out var number) || number != StateVersion)
            {
                throw new UsageStateFormatException(
                    "Unsupported accumulator state version " + version.GetRawText() + "; this library reads version " + StateVersion.ToString(CultureInfo.InvariantCulture) + ".");
            }

            var options = ReadOptions(root.GetProperty("options"));
            var accumulator = new UsageAccumulator(options);
            if (root.TryGetProperty("firstUtcTicks", out var first))
            {
                accumulator._firstUtcTicks = first.GetInt64();
                accumulator._lastUtcTicks = root.GetProperty("lastUtcTicks").GetInt64();
            }

            ReadGroup(root.GetProperty("totals"), ref accumulator._totals);
            var groups = root.GetProperty("groups");
            if (groups.GetArrayLength() != accumulator._tables.Length)
            {
                throw new UsageStateFormatException("The accumulator state's groups do not match its options.");
            }

            var index = 0;
            foreach (var element in groups.EnumerateArray())
            {
                var table = accumulator._tables[index++];
                if (element.TryGetProperty("none", out var none))
                {
                    ReadGroup(none, ref table.Get(null));
                }

                foreach (var property in element.GetProperty("values").EnumerateObject())
                {
                    ReadGroup(property.Value, ref table.Get(property.Name));
                }
            }

            index = 0;
            foreach (var element in root.GetProperty("buckets").EnumerateArray())
            {
                var table = accumulator._buckets[index++];
                foreach (var property in element.GetProperty("values").EnumerateObject())
                {
                    ReadGroup(property.Value, ref table.Get(long.Parse(property.Name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)));
                }
            }

            ReadPatterns(root.GetProperty("hourOfDay"), accumulator._hourOfDay);
            ReadPatterns(root.GetProperty("dayOfWeek"), accumulator._dayOfWeek);
            if (accumulator._users is not null && root.TryGetProperty("users", out var users))
            {
                accumulator._users.Merge(DistinctCounter.FromBase64(users.GetString()!));
            }

            if (accumulator._sessions is not null && root.TryGetProperty("sessions", out var sessions))
            {
                accumulator._sessions.Merge(DistinctCounter.FromBase64(sessions.GetString()!));
            }

            return accumulator;
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException
            or OverflowException or ArgumentException or IndexOutOfRangeException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new UsageStateFormatException("The accumulator state is malformed: " + exception.Message, exception);
        }
    }

    private static UsageAccumulatorOptions ReadOptions(JsonElement element)
    {
        static List<UsageDimension> Dimensions(JsonElement array)
        {
            var list = new List<UsageDimension>();
            foreach (var item in array.EnumerateArray())
            {
                list.Add(UsageDimension.Parse(item.GetString()!));
            }

            return list;
        }

        var sizes = new List<TimeBucketSize>();
        foreach (var item in element.GetProperty("timeBuckets").EnumerateArray())
        {
            sizes.Add(Enum.Parse<TimeBucketSize>(item.GetString()!, ignoreCase: false));
        }

        return new UsageAccumulatorOptions
        {
            GroupBy = Dimensions(element.GetProperty("groupBy")),
            LatencyBy = Dimensions(element.GetProperty("latencyBy")),
            LatencyInTimeBuckets = element.GetProperty("latencyInTimeBuckets").GetBoolean(),
            TimeBuckets = sizes,
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(element.GetProperty("timeZone").GetString()!),
            FirstDayOfWeek = Enum.Parse<DayOfWeek>(element.GetProperty("firstDayOfWeek").GetString()!, ignoreCase: false),
            CountDistinct = element.GetProperty("countDistinct").GetBoolean(),
            RelativeAccuracy = element.GetProperty("relativeAccuracy").GetDouble(),
            Currency = element.GetProperty("currency").GetString()!,
        };
    }

    private static void WriteNames(Utf8JsonWriter writer, string name, IReadOnlyList<UsageDimension> dimensions)
    {
        writer.WriteStartArray(name);
        foreach (var dimension in dimensions)
        {
            writer.WriteStringValue(dimension.Name);
        }

        writer.WriteEndArray();
    }

    private static void WriteGroup(Utf8JsonWriter writer, in GroupState state)
    {
        writer.WriteStartObject();
        writer.WriteNumber("n", state.Requests);
        writer.WriteNumber("failures", state.Failures);
        writer.WriteNumber("actualized", state.Actualized);
        writer.WriteNumber("missingId", state.MissingRequestId);
        writer.WriteNumber("cacheKnown", state.CacheKnown);
        writer.WriteNumber("cacheHits", state.CacheHits);
        writer.WriteNumber("cacheHitTokens", state.CacheHitTokens);
        writer.WriteNumber("cacheMissTokens", state.CacheMissTokens);
        writer.WriteNumber("prompt", state.PromptTokens);
        writer.WriteNumber("completion", state.CompletionTokens);
        writer.WriteNumber("cachedPrompt", state.CachedPromptTokens);
        writer.WriteNumber("cacheWrite", state.CacheWriteTokens);
        writer.WriteNumber("reasoning", state.ReasoningTokens);
        WriteMoney(writer, "estimated", state.Estimated);
        WriteMoney(writer, "actual", state.Actual);
        WriteMoney(writer, "estimatedOnly", state.EstimatedOnly);
        if (state.Timing is { } timing)
        {
            writer.WriteStartObject("timing");
            writer.WriteNumber("timedCompletion", timing.TimedCompletionTokens);
            writer.WriteNumber("timedLatencyMs", timing.TimedLatencyMs);
            WriteStats(writer, "latency", timing.Latency);
            WriteStats(writer, "ttft", timing.TimeToFirstToken);
            WriteStats(writer, "failedLatency", timing.FailedLatency);
            WriteStats(writer, "tokens", timing.Tokens);
            writer.WriteNumber("successfulPrompt", timing.SuccessfulPromptTokens);
            writer.WriteNumber("successfulCompletion", timing.SuccessfulCompletionTokens);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void ReadGroup(JsonElement element, ref GroupState state)
    {
        var read = new GroupState
        {
            Timing = state.Timing is null ? null : new GroupTiming(state.Timing.SketchAccuracy, state.Timing.HasTokenSketch),
            Requests = element.GetProperty("n").GetInt64(),
            Failures = element.GetProperty("failures").GetInt64(),
            Actualized = element.GetProperty("actualized").GetInt64(),
            MissingRequestId = element.GetProperty("missingId").GetInt64(),
            CacheKnown = element.GetProperty("cacheKnown").GetInt64(),
            CacheHits = element.GetProperty("cacheHits").GetInt64(),
            CacheHitTokens = element.GetProperty("cacheHitTokens").GetInt64(),
            CacheMissTokens = element.GetProperty("cacheMissTokens").GetInt64(),
            PromptTokens = element.GetProperty("prompt").GetInt64(),
            CompletionTokens = element.GetProperty("completion").GetInt64(),
            CachedPromptTokens = element.GetProperty("cachedPrompt").GetInt64(),
            CacheWriteTokens = element.GetProperty("cacheWrite").GetInt64(),
            ReasoningTokens = element.GetProperty("reasoning").GetInt64(),
            Estimated = ReadMoney(element.GetProperty("estimated")),
            Actual = ReadMoney(element.GetProperty("actual")),
            EstimatedOnly = ReadMoney(element.GetProperty("estimatedOnly")),
        };
        if (read.Timing is { } timing)
        {
            if (!element.TryGetProperty("timing", out var stored))
            {
                throw new UsageStateFormatException("A group that keeps latency statistics has no timing in the accumulator state.");
            }

            timing.TimedCompletionTokens = stored.GetProperty("timedCompletion").GetInt64();
            timing.TimedLatencyMs = stored.GetProperty("timedLatencyMs").GetDouble();
            ReadStats(stored, "latency", ref timing.Latency);
            ReadStats(stored, "ttft", ref timing.TimeToFirstToken);
            ReadStats(stored, "failedLatency", ref timing.FailedLatency);
            ReadStats(stored, "tokens", ref timing.Tokens);
            timing.SuccessfulPromptTokens = stored.GetProperty("successfulPrompt").GetInt64();
            timing.SuccessfulCompletionTokens = stored.GetProperty("successfulCompletion").GetInt64();
        }

        state.Merge(in read);
    }

    private static void WriteMoney(Utf8JsonWriter writer, string name, in MoneySum money)
    {
        if (money.Overflow == 0)
        {
            writer.WriteString(name, FixedMoney.Format(money.Units));
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("units", FixedMoney.Format(money.Units));
        writer.WriteString("decimal", money.Overflow.ToString(CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    private static MoneySum ReadMoney(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return new MoneySum { Units = FixedMoney.Parse(element.GetString()!) };
        }

        return new MoneySum
        {
            Units = FixedMoney.Parse(element.GetProperty("units").GetString()!),
            Overflow = decimal.Parse(element.GetProperty("decimal").GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
        };
    }

    private static void WriteStats(Utf8JsonWriter writer, string name, in RunningStats stats)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("count", stats.Count);
        if (stats.Count > 0)
        {
            writer.WriteNumber("sum", stats.Sum);
            writer.WriteNumber("min", stats.Min);
            writer.WriteNumber("max", stats.Max);
        }

        if (stats.Sketch is { } sketch)
        {
            writer.WriteStartObject("sketch");
            writer.WriteNumber("zeros", sketch.ZeroCount);
            writer.WriteStartArray("bins");
            foreach (var (index, count) in sketch.Buckets())
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(index);
                writer.WriteNumberValue(count);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void ReadStats(JsonElement group, string name, ref RunningStats stats)
    {
        var element = group.GetProperty(name);
        stats.Count = element.GetProperty("count").GetInt64();
        if (stats.Count > 0)
        {
            stats.Sum = element.GetProperty("sum").GetDouble();
            stats.Min = element.GetProperty("min").GetDouble();
            stats.Max = element.GetProperty("max").GetDouble();
        }

        if (stats.Sketch is { } sketch)
        {
            if (!element.TryGetProperty("sketch", out var stored))
            {
                throw new UsageStateFormatException("A group that keeps latency statistics has no sketch in the accumulator state.");
            }

            sketch.AddZeros(stored.GetProperty("zeros").GetInt64());
            foreach (var bin in stored.GetProperty("bins").EnumerateArray())
            {
                sketch.AddBucket(bin[0].GetInt32(), bin[1].GetInt64());
            }
        }
    }

    private static void WritePatterns(Utf8JsonWriter writer, string name, GroupState[] patterns)
    {
        writer.WriteStartArray(name);
        foreach (var pattern in patterns)
        {
            WriteGroup(writer, in pattern);
        }

        writer.WriteEndArray();
    }

    private static void ReadPatterns(JsonElement array, GroupState[] patterns)
    {
        if (array.GetArrayLength() != patterns.Length)
        {
            throw new UsageStateFormatException("The accumulator state has the wrong number of pattern slots.");
        }

        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            ReadGroup(element, ref patterns[i++]);
        }
    }
}
