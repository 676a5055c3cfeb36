using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.Records;
using UsageAnalytics.Sync;

namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>The real <c>AddUsageAnalytics</c> registration, transport included, against the emulator on 127.0.0.1.</summary>
public sealed class EmulatedProxyEndToEndTests
{
    private static readonly DateTimeOffset _now = new(2026, 8, 6, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListAsync_GeneratedHistory_PagesThroughEveryRowInTheWindow()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _now, RowCount = 350, Days = 3 });
        var time = new FakeTimeProvider(_now);
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = generated.SpendLogs, TimeProvider = time });
        using var services = Services(emulator, time);
        var from = _now.AddDays(-2);

        var listed = new List<SpendLogEntry>();
        await foreach (var row in services.GetRequiredService<ISpendLogClient>().ListAsync(new SpendLogQuery { From = from, To = _now, PageSize = 100 }))
        {
            listed.Add(row);
        }

        var expected = generated.SpendLogs.Where(r => r.StartTime >= from.AddSeconds(-1) && r.StartTime <= _now).ToList();
        Assert.True(listed.Count > 100);
        Assert.Equal(expected.Select(r => r.RequestId).Order(StringComparer.Ordinal), listed.Select(r => r.RequestId).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Sum(r => (decimal)r.Spend), listed.Sum(r => r.Spend), precision: 10);
    }

    [Fact]
    public async Task ListAsync_MoreRowsThanTheTotalCap_StillReadsEveryRow()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _now, RowCount = 11_000, Days = 2, ProxyOnlyRate = 0 });
        var time = new FakeTimeProvider(_now);
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(
            new EmulatorOptions { Rows = generated.SpendLogs, TimeProvider = time, MaxPageSize = 1000 });
        using var services = Services(emulator, time);

        var count = 0;
        await foreach (var _ in services.GetRequiredService<ISpendLogClient>().ListAsync(
            new SpendLogQuery { From = _now.AddDays(-3), To = _now, PageSize = 1000 }))
        {
            count++;
        }

        Assert.True(generated.SpendLogs.Count > 10_000);
        Assert.Equal(generated.SpendLogs.Count, count);
    }

    [Fact]
    public async Task SynchronizeAsync_GeneratedUsage_AccountsForEveryRowAsExpected()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _now, RowCount = 300 });
        var time = new FakeTimeProvider(_now);
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = generated.SpendLogs, TimeProvider = time });
        using var services = Services(emulator, time);
        var expected = Expected(generated, services.GetRequiredService<CostBreakdownMerger>());
        var updated = new ConcurrentBag<UsageRecord>();

        var result = await services.GetRequiredService<ActualCostSynchronizer>().SynchronizeAsync(
            generated.UsageRecords, (record, _) => { updated.Add(record); return ValueTask.CompletedTask; }, progress: null);

        Assert.Equal(300, result.Total);
        Assert.Equal(expected.Actualized, result.Actualized);
        Assert.Equal(expected.NotYet, result.NotYetAvailable);
        Assert.Equal(expected.Skipped, result.Skipped);
        Assert.Equal(0, result.Failed);
        Assert.Equal(expected.Actualized, updated.Count);
        Assert.All(updated, record => Assert.True(record.IsActualized));
        Assert.NotEqual(updated.Sum(r => r.EstimatedCost), updated.Sum(r => r.ActualCost!.Value));
    }

    [Fact]
    public async Task SynchronizeAsync_ResponseCacheHits_AreSettledAtZeroLlmCostNotChargedTheOriginalsSpend()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _now, RowCount = 3_000, Days = 2 });
        var time = new FakeTimeProvider(_now);
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = generated.SpendLogs, TimeProvider = time });
        using var services = Services(emulator, time);
        var merger = services.GetRequiredService<CostBreakdownMerger>();
        var hits = generated.UsageRecords
            .Where(r => r.CacheHit == true && _now - r.Timestamp >= TimeSpan.FromMinutes(1) && (r.RequestId ?? merger.ExtractRequestId(r.CostBreakdown)) is not null)
            .ToList();
        var updated = new ConcurrentBag<UsageRecord>();

        var result = await services.GetRequiredService<ActualCostSynchronizer>().SynchronizeAsync(
            hits, (record, _) => { updated.Add(record); return ValueTask.CompletedTask; }, progress: null);

        Assert.True(hits.Count >= 10, hits.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((hits.Count, 0), (result.Actualized, result.Failed));
        Assert.All(updated, record =>
        {
            Assert.Equal(0m, decimal.Parse(record.CostBreakdown!["actual_llm_cost"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(CostMergeOptions.DefaultCacheHitCoverageLabel, (string?)record.CostBreakdown["cost_coverage"]);
            Assert.True(record.ActualCost < record.EstimatedCost || record.ActualCost == 0m);
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SynchronizeAsync_RecordsKeyedByTheCallId_FindTheirRowOnNewerBuildsOnly(bool oldBuild)
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _now, RowCount = 2_000, Days = 2 });
        var time = new FakeTimeProvider(_now);
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = generated.SpendLogs, TimeProvider = time, OldBuild = oldBuild });
        using var services = Services(emulator, time);
        var merger = services.GetRequiredService<CostBreakdownMerger>();
        var byCallId = generated.SpendLogs.ToDictionary(r => r.LiteLLMCallId!, StringComparer.Ordinal);
        var keyed = generated.UsageRecords
            .Where(r => _now - r.Timestamp >= TimeSpan.FromMinutes(1) && (r.RequestId ?? merger.ExtractRequestId(r.CostBreakdown)) is { } id && byCallId.ContainsKey(id))
            .ToList();
        var updated = new ConcurrentBag<UsageRecord>();

        var result = await services.GetRequiredService<ActualCostSynchronizer>().SynchronizeAsync(
            keyed, (record, _) => { updated.Add(record); return ValueTask.CompletedTask; }, progress: null);

        Assert.True(keyed.Count >= 20, keyed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (oldBuild)
        {
            Assert.Equal((0, keyed.Count), (result.Actualized, result.NotYetAvailable));
            return;
        }

        Assert.Equal((keyed.Count, 0), (result.Actualized, result.Failed));
        Assert.All(updated, record =>
        {
            // The merged breakdown names both ids of the row found by its call id.
            var row = byCallId[(string?)record.CostBreakdown!["litellm_call_id"] ?? "(none)"];
            Assert.Equal(row.RequestId, (string?)record.CostBreakdown["request_id"]);
            Assert.NotEqual(row.RequestId, row.LiteLLMCallId);
        });
    }

    [Fact]
    public async Task SynchronizeAsync_MalformedRowsInjected_CountsThemAsFailedAndAccountsForEveryRow()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _now, RowCount = 300 });
        var time = new FakeTimeProvider(_now);
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions
        {
            Rows = generated.SpendLogs,
            TimeProvider = time,
            Faults = new EmulatorFaults { MalformedRowFraction = 0.1 },
        });
        using var services = Services(emulator, time);
        var expected = Expected(generated, services.GetRequiredService<CostBreakdownMerger>());
        var client = services.GetRequiredService<ISpendLogClient>();

        var result = await services.GetRequiredService<ActualCostSynchronizer>().SynchronizeAsync(
            generated.UsageRecords, (_, _) => ValueTask.CompletedTask, progress: null);

        Assert.Equal(300, result.Total);
        Assert.Equal(result.Total, result.Actualized + result.NotYetAvailable + result.Skipped + result.Failed);
        Assert.InRange(result.Failed, 5, expected.Actualized / 4);
        Assert.Equal(expected.Actualized, result.Actualized + result.Failed);
        Assert.Equal(expected.NotYet, result.NotYetAvailable);
        Assert.Equal(expected.Skipped, result.Skipped);
        Assert.Equal(result.Failed, result.Failures.Count);
        Assert.All(result.Failures, failure =>
        {
            Assert.Equal(SpendLogFailureKind.MalformedSpendLog, failure.Kind);
            Assert.Contains("Malformed", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(emulator.ApiKey, failure.Message, StringComparison.Ordinal);
        });
        foreach (var failure in result.Failures.Take(5))
        {
            var lookup = await client.LookupAsync(failure.RequestId, failure.Record.Timestamp);
            Assert.Equal((SpendLogLookupStatus.Failed, SpendLogFailureKind.MalformedSpendLog), (lookup.Status, lookup.FailureKind));
        }
    }

    [Fact]
    public async Task SynchronizeAsync_RateLimitedProxy_RetriesHonouringRetryAfter()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _now, RowCount = 60, RecentRate = 0 });
        var time = new FakeTimeProvider(_now);
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions
        {
            Rows = generated.SpendLogs,
            TimeProvider = time,
            Faults = new EmulatorFaults { RateLimitEveryNth = 4, RetryAfterSeconds = 0 },
        });
        // One fetch at a time: "every 4th request" then hits each fetch at most once (concurrent fetches in
        // lockstep could meet the 429 on every retry).
        using var services = Services(emulator, time, maxConcurrency: 1);
        var expected = Expected(generated, services.GetRequiredService<CostBreakdownMerger>());

        var result = await services.GetRequiredService<ActualCostSynchronizer>().SynchronizeAsync(
            generated.UsageRecords, (_, _) => ValueTask.CompletedTask, progress: null);

        Assert.Equal(expected.Actualized, result.Actualized);
        Assert.True(emulator.RequestCount > expected.Actualized + expected.NotYet);
    }

    [Fact]
    public async Task FetchAsync_BatchWriterDelay_IsNotYetThenFound()
    {
        var time = new FakeTimeProvider(_now);
        var row = LiteLLMProxyEmulatorTests.Row("fresh", _now.AddSeconds(-5));
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions
        {
            Rows = [row],
            TimeProvider = time,
            VisibilityDelay = TimeSpan.FromSeconds(30),
        });
        using var services = Services(emulator, time);
        var client = services.GetRequiredService<ISpendLogClient>();

        var before = await client.FetchAsync("fresh", row.StartTime);
        time.Advance(TimeSpan.FromSeconds(30));
        var after = await client.FetchAsync("fresh", row.StartTime);

        Assert.Null(before);
        Assert.Equal(0.001m, after?.Spend);
    }

    [Fact]
    public async Task FetchAsync_Request_UsesLiteLLMsWindowFormatAroundTheRow()
    {
        var time = new FakeTimeProvider(_now);
        var start = new DateTimeOffset(2026, 8, 6, 9, 20, 46, 847, TimeSpan.Zero);
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions
        {
            Rows = [LiteLLMProxyEmulatorTests.Row("r1", start)],
            TimeProvider = time,
        });
        using var services = Services(emulator, time);

        var found = await services.GetRequiredService<ISpendLogClient>().FetchAsync("r1", start);

        Assert.NotNull(found);
        var request = Assert.Single(emulator.RecentRequests);
        Assert.StartsWith("/spend/logs/v2?", request, StringComparison.Ordinal);
        Assert.Contains("request_id=r1", request, StringComparison.Ordinal);
        Assert.Matches(@"start_date=\d{4}-\d{2}-\d{2}%20\d{2}%3A\d{2}%3A\d{2}", request);
        Assert.Matches(@"end_date=\d{4}-\d{2}-\d{2}%20\d{2}%3A\d{2}%3A\d{2}", request);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task FetchAsync_BrokenOrNullBody_ReturnsNullWithoutThrowing(bool broken, bool nullBody)
    {
        var time = new FakeTimeProvider(_now);
        var row = LiteLLMProxyEmulatorTests.Row("r1", _now.AddMinutes(-5));
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions
        {
            Rows = [row],
            TimeProvider = time,
            Faults = new EmulatorFaults { BrokenBodyFraction = broken ? 1 : 0, NullBodyFraction = nullBody ? 1 : 0 },
        });
        using var services = Services(emulator, time);

        var found = await services.GetRequiredService<ISpendLogClient>().FetchAsync("r1", row.StartTime);
        emulator.Faults = EmulatorFaults.None;
        var healthy = await services.GetRequiredService<ISpendLogClient>().FetchAsync("r1", row.StartTime);

        Assert.Null(found);
        Assert.NotNull(healthy);
    }

    [Theory]
    [InlineData(true, SpendLogLookupStatus.Failed)]
    [InlineData(false, SpendLogLookupStatus.NotFound)]
    public async Task LookupAsync_BrokenOrNullBody_TellsFailureFromAbsence(bool broken, SpendLogLookupStatus expected)
    {
        var time = new FakeTimeProvider(_now);
        var row = LiteLLMProxyEmulatorTests.Row("r1", _now.AddMinutes(-5));
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions
        {
            Rows = [row],
            TimeProvider = time,
            Faults = new EmulatorFaults { BrokenBodyFraction = broken ? 1 : 0, NullBodyFraction = broken ? 0 : 1 },
        });
        using var services = Services(emulator, time);

        var lookup = await services.GetRequiredService<ISpendLogClient>().LookupAsync("r1", row.StartTime);

        Assert.Equal(expected, lookup.Status);
        Assert.Equal(broken ? SpendLogFailureKind.MalformedResponse : null, lookup.FailureKind);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FetchAsync_V1Path_FindsTheRowAndReadsNotFoundShapesAsNull(bool oldBuild)
    {
        var time = new FakeTimeProvider(_now);
        var row = LiteLLMProxyEmulatorTests.Row("r1", _now.AddDays(-3));
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = [row], TimeProvider = time, OldBuild = oldBuild });
        using var services = Services(emulator, time, spendLogPath: "/spend/logs");
        var client = services.GetRequiredService<ISpendLogClient>();

        var found = await client.FetchAsync("r1", _now);
        var missing = await client.FetchAsync("nope", _now);

        Assert.Equal("r1", found?.RequestId);
        Assert.Null(missing);
    }

    [Fact]
    public async Task ListAsync_Filters_AreAppliedByTheProxy()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _now, RowCount = 400, Days = 2 });
        var time = new FakeTimeProvider(_now);
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = generated.SpendLogs, TimeProvider = time });
        using var services = Services(emulator, time);

        var rows = new List<SpendLogEntry>();
        await foreach (var row in services.GetRequiredService<ISpendLogClient>().ListAsync(
            new SpendLogQuery { From = _now.AddDays(-3), To = _now, KeyAlias = "voice-agent", Status = "failure" }))
        {
            rows.Add(row);
        }

        var expected = generated.SpendLogs.Count(r => r.Status == "failure" && ((string?)r.Metadata?["user_api_key_alias"])?.Contains("voice-agent", StringComparison.Ordinal) == true);
        Assert.NotEmpty(rows);
        Assert.Equal(expected, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsFailure && r.KeyAlias!.StartsWith("voice-agent", StringComparison.Ordinal)));
    }

    private static (int Actualized, int NotYet, int Skipped) Expected(GeneratedUsage generated, CostBreakdownMerger merger)
    {
        // A row is found by its request id or, on newer proxies and with this client, by its litellm_call_id.
        var logged = generated.SpendLogs.SelectMany(r => new[] { r.RequestId, r.LiteLLMCallId! }).ToHashSet(StringComparer.Ordinal);
        int actualized = 0, notYet = 0, skipped = 0;
        foreach (var record in generated.UsageRecords)
        {
            var id = record.RequestId ?? merger.ExtractRequestId(record.CostBreakdown);
            if (id is null)
            {
                skipped++;
            }
            else if (_now - record.Timestamp < TimeSpan.FromMinutes(1) || !logged.Contains(id))
            {
                notYet++;
            }
            else
            {
                actualized++;
            }
        }

        return (actualized, notYet, skipped);
    }

    private static ServiceProvider Services(
        LiteLLMProxyEmulator emulator, TimeProvider time, int maxConcurrency = 8, string spendLogPath = "/spend/logs/v2")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UsageAnalytics:Enabled"] = "true",
            ["UsageAnalytics:LiteLLM:BaseUrl"] = emulator.BaseUrl.ToString(),
            ["UsageAnalytics:LiteLLM:ApiKey"] = emulator.ApiKey,
            ["UsageAnalytics:LiteLLM:Resilience:Retry:Delay"] = "00:00:00",
            ["UsageAnalytics:LiteLLM:SpendLogPath"] = spendLogPath,
            ["UsageAnalytics:Sync:MaxConcurrency"] = maxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddFakeLogging());
        services.AddSingleton(time);
        services.AddUsageAnalytics(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }
}
