#if NET10_0_OR_GREATER
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.LiteLLMEmulator;
using Xunit.Abstractions;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Lookups through the real <c>AddUsageAnalytics</c> registration (the default resilience pipeline, only the retry delay
/// shortened) against the emulator injecting about 10% faults of every kind it has.
/// </summary>
public sealed class EmulatedFaultMeasurementTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 8, 6, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// 10% of requests or rows faulty: 429 (Retry-After 0), 500, cut-off bodies, [null] bodies, malformed rows. Seed 4
    /// puts a burst of faults early, which opened the circuit under the standard failure ratio of 0.1.
    /// </summary>
    internal static EmulatorFaults TenPercent { get; } = new()
    {
        Seed = 4,
        RateLimitFraction = 0.03,
        RetryAfterSeconds = 0,
        ServerErrorFraction = 0.02,
        BrokenBodyFraction = 0.02,
        NullBodyFraction = 0.01,
        MalformedRowFraction = 0.02,
    };

    [Fact]
    public async Task LookupAsync_TenPercentInjectedFaults_OnlyDamagedRowsAndNullBodiesMissAndTheCircuitStaysClosed()
    {
        var lookups = int.TryParse(Environment.GetEnvironmentVariable("H2_LOOKUPS"), CultureInfo.InvariantCulture, out var n) ? n : 2_000;

        var measured = await MeasureAsync(lookups, TenPercent, overrides: null);

        output.WriteLine(measured.ToString());
        Assert.Equal(lookups, measured.Total);
        Assert.Equal(0, measured.CircuitOpen);
        Assert.Subset(
            new HashSet<string>(["Found", "NotFound", "Failed:MalformedSpendLog", "Failed:HttpStatus", "Failed:MalformedResponse"]),
            measured.ByOutcome.Keys.ToHashSet());

        // A lookup fails for a fault only when all 4 of its tries hit one (0.07^4 per lookup, more within seed 4's
        // early burst): seen in about one run of seven, once.
        var faulted = measured.ByOutcome.GetValueOrDefault("Failed:HttpStatus") + measured.ByOutcome.GetValueOrDefault("Failed:MalformedResponse");
        Assert.InRange(faulted, 0, 2);
        Assert.InRange(measured.HealthyFailed, 0, faulted);

        // A damaged row fails its lookup as MalformedSpendLog unless its answer was a [null] body (an old build's "not
        // found", which a later sync retries): those, about 1% of answers, are the only NotFound outcomes.
        var notFound = measured.ByOutcome.GetValueOrDefault("NotFound");
        Assert.InRange(notFound, 1, lookups * 2 / 100);
        Assert.InRange(measured.ByOutcome.GetValueOrDefault("Failed:MalformedSpendLog"), measured.DamagedRows - notFound - faulted, measured.DamagedRows);
    }

    [Fact]
    public async Task LookupAsync_ProxyDown_CircuitStillOpensAfterAboutAHundredRequests()
    {
        var measured = await MeasureAsync(1_000, new EmulatorFaults { NoDatabase = true }, overrides: null);

        output.WriteLine(measured.ToString());
        Assert.InRange(measured.Requests, 100, 200);
        Assert.InRange(measured.CircuitOpen, 900, 1_000);
        Assert.Equal(1_000, measured.CircuitOpen + measured.ByOutcome.GetValueOrDefault("Failed:HttpStatus"));
    }

    [Fact]
    public async Task LookupAsync_ThirtyPercentOfBodiesCutOff_EveryLookupFindsItsRow()
    {
        // One lookup at a time, so the emulator's seeded fault sequence meets the lookups in the same order every run.
        var measured = await MeasureAsync(100, new EmulatorFaults { BrokenBodyFraction = 0.3 }, overrides: null, concurrency: 1);

        output.WriteLine(measured.ToString());

        // Before this client retried bad bodies, every cut-off answer failed its lookup at once (about 30 of 100).
        Assert.Equal(100, measured.ByOutcome.GetValueOrDefault("Found"));
        Assert.Equal(140, measured.Requests);   // 40 cut-off answers, each retried
        Assert.Equal(0, measured.CircuitOpen);
    }

    /// <summary>Runs <paramref name="lookups"/> lookups of distinct rows, <paramref name="concurrency"/> at a time, and counts their outcomes.</summary>
    internal static async Task<Measurement> MeasureAsync(int lookups, EmulatorFaults faults, IDictionary<string, string?>? overrides, int concurrency = 8)
    {
        var rows = Enumerable.Range(0, lookups)
            .Select(i => Row("chatcmpl-m" + i.ToString("D6", CultureInfo.InvariantCulture), Start.AddSeconds(i)))
            .ToList();
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = rows });

        // The rows the emulator damages, found without any other fault: their lookups fail as MalformedSpendLog whatever happens.
        emulator.Faults = new EmulatorFaults { Seed = faults.Seed, MalformedRowFraction = faults.MalformedRowFraction };
        var damaged = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        using (var probe = Services(emulator, overrides))
        {
            var client = probe.GetRequiredService<ISpendLogClient>();
            await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (row, ct) =>
            {
                if ((await client.LookupAsync(row.RequestId, row.StartTime, ct)).FailureKind == SpendLogFailureKind.MalformedSpendLog)
                {
                    damaged[row.RequestId] = true;
                }
            });
        }

        emulator.Faults = faults;
        var before = emulator.RequestCount;
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var healthyFailed = 0;
        var clock = Stopwatch.StartNew();
        using var services = Services(emulator, overrides);
        var spendLogs = services.GetRequiredService<ISpendLogClient>();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (row, ct) =>
        {
            var lookup = await spendLogs.LookupAsync(row.RequestId, row.StartTime, ct);
            var key = lookup.Status == SpendLogLookupStatus.Failed ? "Failed:" + lookup.FailureKind : lookup.Status.ToString();
            outcomes.AddOrUpdate(key, 1, static (_, count) => count + 1);
            if (lookup.Status == SpendLogLookupStatus.Failed && !damaged.ContainsKey(row.RequestId))
            {
                Interlocked.Increment(ref healthyFailed);
            }
        });

        return new Measurement(
            lookups,
            damaged.Count,
            emulator.RequestCount - before,
            healthyFailed,
            clock.Elapsed,
            new SortedDictionary<string, int>(outcomes, StringComparer.Ordinal));
    }

    internal static SpendLogRow Row(string id, DateTimeOffset start) => new()
    {
        RequestId = id,
        Spend = 0.001,
        PromptTokens = 10,
        CompletionTokens = 20,
        StartTime = start,
        EndTime = start.AddSeconds(1),
        Model = "gpt-4o-mini",
        Provider = "openai",
        Status = "success",
    };

    internal static ServiceProvider Services(LiteLLMProxyEmulator emulator, IDictionary<string, string?>? overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["UsageAnalytics:LiteLLM:BaseUrl"] = emulator.BaseUrl.ToString(),
            ["UsageAnalytics:LiteLLM:ApiKey"] = emulator.ApiKey,
            ["UsageAnalytics:LiteLLM:Resilience:Retry:Delay"] = "00:00:00.010",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFakeLogging());
        services.AddUsageAnalytics(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>What a run of lookups ended with.</summary>
    internal sealed record Measurement(
        int Total,
        int DamagedRows,
        long Requests,
        int HealthyFailed,
        TimeSpan Elapsed,
        SortedDictionary<string, int> ByOutcome)
    {
        public int CircuitOpen => ByOutcome.GetValueOrDefault("Failed:" + SpendLogFailureKind.CircuitOpen);

        public override string ToString() =>
            string.Create(
                CultureInfo.InvariantCulture,
                $"{Total} lookups, {Requests} requests, {DamagedRows} damaged rows, {HealthyFailed} healthy lookups failed, {Elapsed.TotalSeconds:0.0} s: ")
            + string.Join(", ", ByOutcome.Select(p => p.Key + " " + p.Value.ToString(CultureInfo.InvariantCulture)));
    }
}
#endif
