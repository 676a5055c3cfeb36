using System.Diagnostics;
using System.Text.Json.Nodes;
using UsageAnalytics.Analytics;

namespace UsageAnalytics.Fuzz;

/// <summary>
/// Mutated accumulator states (the golden file and states of small random accumulators): <see cref="UsageAccumulator.FromJson"/>
/// either refuses them with <see cref="UsageStateFormatException"/> or returns an accumulator whose summary and state
/// can be computed and whose state reads back, quickly and without huge allocations.
/// </summary>
public sealed class AccumulatorStateFuzzTests
{
    private const int FixedSeed = 20_260_806;
    private const long MaxAllocatedBytes = 200L * 1024 * 1024;
    private static readonly TimeSpan _maxCaseTime = TimeSpan.FromSeconds(30);

    [Fact]
    public void FromJson_MutatedStatesFixedSeed_RefusesOrRestoresAUsableAccumulator()
    {
        var findings = Run(FixedSeed, goldenCases: 1_500, generatedCases: 1_500);

        Assert.True(findings.Count == 0, Report(FixedSeed, findings));
    }

    [Fact]
    public void FromJson_MutatedStatesRandomSeed_RefusesOrRestoresAUsableAccumulator()
    {
        var seed = Random.Shared.Next();

        var findings = Run(seed, goldenCases: 200, generatedCases: 200);

        Assert.True(findings.Count == 0, Report(seed, findings));
    }

    [Fact]
    public void FromJson_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => UsageAccumulator.FromJson(null!));
    }

    private static List<string> Run(int seed, int goldenCases, int generatedCases)
    {
        var golden = GoldenState.Read(GoldenState.V1FileName);
        var random = new Random(seed);
        var findings = new List<string>();
        var mutator = new JsonMutator(seed);
        for (var i = 0; i < goldenCases + generatedCases; i++)
        {
            var source = i < goldenCases ? golden : GeneratedState(random);
            var input = random.Next(2) == 0 ? MutateOrNull(mutator, source) : TweakNumbers(random, source);
            if (input is null)
            {
                continue;
            }

            if (Check(input) is { } problem)
            {
                findings.Add(JsonMutator.Describe(seed, i, input) + Environment.NewLine + "  -> " + problem);
            }
        }

        return findings;
    }

    /// <summary>Replaces one to three numbers of a state with plausible-looking but inconsistent ones (the mutator mostly
    /// changes types, which the deserializer refuses; these reach the consistency checks), moves a group to another
    /// dimension, or makes a money sum huge.</summary>
    private static string TweakNumbers(Random random, string source)
    {
        var root = JsonNode.Parse(source)!;
        var numbers = new List<JsonValue>();
        Collect(root, numbers);
        if (random.Next(10) == 0 && root["groups"] is JsonArray { Count: > 1 } groups
            && groups[random.Next(groups.Count)]!["values"] is JsonObject { Count: > 0 } from
            && groups[random.Next(groups.Count)]!["values"] is JsonObject to && !ReferenceEquals(from, to))
        {
            var (key, group) = from.First();
            from.Remove(key);
            to[key + "-moved"] = group;
        }

        for (var n = random.Next(1, 4); n > 0 && numbers.Count > 0; n--)
        {
            var value = numbers[random.Next(numbers.Count)];
            var old = value.GetValue<double>();
            JsonNode replacement = random.Next(9) switch
            {
                0 => JsonValue.Create(0),
                1 => JsonValue.Create(old + 1),
                2 => JsonValue.Create(old * 2),
                3 => JsonValue.Create(old / 3),
                4 => JsonValue.Create(1_000_000_000L),
                5 => JsonValue.Create(long.MaxValue),
                6 => JsonValue.Create(1e300),
                7 => JsonValue.Create(random.Next(-2000, 60_000)),
                _ => JsonValue.Create(4.5e10),
            };
            value.ReplaceWith(replacement);
        }

        if (random.Next(4) == 0)
        {
            var money = new[] { "estimated", "actual", "estimatedOnly" }[random.Next(3)];
            root["totals"]![money] = random.Next(2) == 0
                ? JsonValue.Create("170000000000000000000000000000000000000")
                : new JsonObject { ["units"] = "1", ["decimal"] = "79228162514264337593543950000" };
        }

        return root.ToJsonString();
    }

    private static void Collect(JsonNode node, List<JsonValue> numbers)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, numbers);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, numbers);
                    }
                }

                break;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                numbers.Add(value);
                break;
        }
    }

    /// <summary>Mutates <paramref name="source"/>, or gives <see langword="null"/> when the mutator cannot (it re-parses
    /// its own output, which fails on some inputs: duplicate keys, lone surrogates), so the case is skipped.</summary>
    private static string? MutateOrNull(JsonMutator mutator, string source)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return mutator.Mutate(source);
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
            {
            }
        }

        return null;
    }

    /// <summary>The state of a small random accumulator, under options that vary with the case.</summary>
    private static string GeneratedState(Random random)
    {
        var options = new UsageAccumulatorOptions
        {
            GroupBy = random.Next(2) == 0
                ? [UsageDimension.Provider, UsageDimension.Model, UsageDimension.Tag, UsageDimension.Status]
                : [UsageDimension.Model, UsageDimension.User, UsageDimension.Session, UsageDimension.Custom("department")],
            LatencyBy = [UsageDimension.Model],
            LatencyInTimeBuckets = random.Next(2) == 0,
            TimeBuckets = random.Next(3) switch
            {
                0 => [TimeBucketSize.Hour, TimeBucketSize.Day],
                1 => [TimeBucketSize.Week, TimeBucketSize.Month],
                _ => [TimeBucketSize.Minute],
            },
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(random.Next(2) == 0 ? "Europe/Berlin" : "UTC"),
        };
        var accumulator = new UsageAccumulator(options);
        accumulator.AddRange(UsageRecordGenerator.Generate(random.Next(), random.Next(0, 40)));
        return accumulator.ToJson();
    }

    /// <summary>Returns what went wrong with one input, or <see langword="null"/> when the property holds.</summary>
    private static string? Check(string input)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            UsageAccumulator restored;
            try
            {
                restored = UsageAccumulator.FromJson(input);
            }
            catch (UsageStateFormatException)
            {
                return Bounds(allocated, clock);
            }

            _ = restored.ToSummary(TestClock.Now);
            var json = restored.ToJson();
            var again = UsageAccumulator.FromJson(json).ToJson();
            if (!string.Equals(json, again, StringComparison.Ordinal))
            {
                return "ToJson -> FromJson -> ToJson does not round-trip";
            }

            return Bounds(allocated, clock);
        }
        catch (Exception exception)
        {
            var frame = new StackTrace(exception).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("UsageAnalytics", StringComparison.Ordinal) == true);
            return exception.GetType().Name + " at " + frame?.GetMethod()?.DeclaringType?.Name + "." + frame?.GetMethod()?.Name + ": " + exception.Message;
        }
    }

    private static string? Bounds(long allocatedBefore, Stopwatch clock)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (allocated > MaxAllocatedBytes)
        {
            return FormattableString.Invariant($"allocated {allocated / (1024 * 1024)} MB");
        }

        return clock.Elapsed > _maxCaseTime ? FormattableString.Invariant($"took {clock.Elapsed.TotalSeconds:F1} s") : null;
    }

    private static string Report(int seed, List<string> findings)
    {
        var kinds = findings.Select(f => f[(f.IndexOf("  -> ", StringComparison.Ordinal) + 5)..]).Select(k => k.Length > 90 ? k[..90] : k).Distinct(StringComparer.Ordinal).Count();
        return FormattableString.Invariant($"Seed {seed}: {findings.Count} failing cases ({kinds} kinds). First ones:{Environment.NewLine}")
            + string.Join(Environment.NewLine, findings.Take(8));
    }
}
