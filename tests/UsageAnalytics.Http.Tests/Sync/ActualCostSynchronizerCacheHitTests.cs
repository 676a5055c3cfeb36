using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sync;

/// <summary>
/// The issue "Actual costs you can trust": a response-cache hit is never charged the original call's spend, and a record
/// kept by LiteLLM's call id finds its row keyed by the provider's id.
/// </summary>
public sealed class ActualCostSynchronizerCacheHitTests
{
    private const string CacheHitLabel = "llm_cache_hit_zero_tts_stt_estimated";
    private const string MergedLabel = "llm_actual_tts_stt_estimated";
    private const string ApiKey = "sk-test-cache-7d1e";
    private static readonly DateTimeOffset _now = new(2026, 8, 6, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _old = _now.AddMinutes(-10);

    private readonly ISpendLogClient _client = Substitute.For<ISpendLogClient>();
    private readonly FakeTimeProvider _time = new(_now);
    private readonly FakeLogger<ActualCostSynchronizer> _logger = new();
    private readonly ConcurrentBag<UsageRecord> _stored = [];

    public ActualCostSynchronizerCacheHitTests()
    {
        _client.LookupAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(SpendLogLookup.NotFound);
    }

    [Fact]
    public async Task SynchronizeAsync_HitAndOriginalShareTheOriginalsId_ChargesTheOriginalSpendOnceAndWarns()
    {
        var original = Row("chatcmpl-orig", cacheHit: false);
        var hit = Row("chatcmpl-orig", cacheHit: true);
        Returns("chatcmpl-orig", Spend("chatcmpl-orig", 0.0123m, cacheHit: false));

        var result = await Synchronizer().SynchronizeAsync([original, hit], Store, progress: null);

        Assert.Equal((2, 2, 1, 0), (result.Total, result.Actualized, result.CacheHitsSettled, result.Failed));
        var storedOriginal = Assert.Single(_stored, r => r.CacheHit == false);
        var storedHit = Assert.Single(_stored, r => r.CacheHit == true);
        Assert.Equal(0.0123m, storedOriginal.ActualCost);
        Assert.Equal(MergedLabel, Text(storedOriginal, "cost_coverage"));
        Assert.Equal(0m, storedHit.ActualCost);
        Assert.Equal(0m, storedHit.CostBreakdown?["actual_llm_cost"]?.GetValue<decimal>());
        Assert.Equal(CacheHitLabel, Text(storedHit, "cost_coverage"));
        Assert.Equal(0.0123m, _stored.Sum(r => r.ActualCost));
        var warning = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2010);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("request chatcmpl-orig says response-cache hit true", warning.Message, StringComparison.Ordinal);
        Assert.Contains("says cache_hit False", warning.Message, StringComparison.Ordinal);
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2012 && r.Message.Contains(" 1 response-cache hit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SynchronizeAsync_HitWhoseRowIsNotFound_SettlesItAtZeroKeepingTheEstimatedParts()
    {
        var hit = Row("chatcmpl-gone", cacheHit: true, breakdown: new JsonObject { ["estimated_tts_cost"] = 0.002m, ["estimated_stt_cost"] = "0.001" });

        var result = await Synchronizer().SynchronizeAsync([hit], Store, progress: null);

        Assert.Equal((1, 1, 1, 0), (result.Total, result.Actualized, result.CacheHitsSettled, result.NotYetAvailable));
        var stored = Assert.Single(_stored);
        Assert.Equal(0.003m, stored.ActualCost);
        Assert.Equal(0m, stored.CostBreakdown?["actual_llm_cost"]?.GetValue<decimal>());
        Assert.Equal("chatcmpl-gone", Text(stored, "request_id"));
        Assert.Equal(CacheHitLabel, Text(stored, "cost_coverage"));
        await _client.Received(1).LookupAsync("chatcmpl-gone", _old, Arg.Any<CancellationToken>());
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2010);
    }

    [Fact]
    public async Task SynchronizeAsync_RecordSaysNoHitButItsRowIsAHit_SettlesAtZeroAndWarns()
    {
        // An app keeping the x-litellm-call-id header: the lookup by call id answers the hit's own row.
        const string CallId = "0b7e2c61-95f4-4c1b-8d8e-3f1a2b4c5d6e";
        var record = Row(CallId, cacheHit: false);
        Returns(CallId, Spend("chatcmpl-orig_cache_hit1754489400", 0m, cacheHit: true) with { LiteLLMCallId = CallId });

        var result = await Synchronizer().SynchronizeAsync([record], Store, progress: null);

        Assert.Equal((1, 1, 1), (result.Total, result.Actualized, result.CacheHitsSettled));
        var stored = Assert.Single(_stored);
        Assert.Equal(0m, stored.ActualCost);
        Assert.Equal(CacheHitLabel, Text(stored, "cost_coverage"));
        Assert.Equal(CallId, Text(stored, "litellm_call_id"));
        var warning = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2010);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"request {CallId} says response-cache hit false", warning.Message, StringComparison.Ordinal);
        Assert.Contains("row chatcmpl-orig_cache_hit1754489400 says cache_hit True", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynchronizeAsync_HitFindsItsOwnHitRow_MergesItAsUsualWithoutWarning()
    {
        var hit = Row("chatcmpl-orig_cache_hit1754489400", cacheHit: true);
        Returns("chatcmpl-orig_cache_hit1754489400", Spend("chatcmpl-orig_cache_hit1754489400", 0m, cacheHit: true));

        var result = await Synchronizer().SynchronizeAsync([hit], Store, progress: null);

        Assert.Equal((1, 1, 0), (result.Total, result.Actualized, result.CacheHitsSettled));
        var stored = Assert.Single(_stored);
        Assert.Equal(0m, stored.ActualCost);
        Assert.Equal(MergedLabel, Text(stored, "cost_coverage"));
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Id is 2010 or 2012);
    }

    [Fact]
    public async Task SynchronizeAsync_RecordWithUnknownCacheFlag_TakesTheRowsSpend()
    {
        Returns("chatcmpl-orig", Spend("chatcmpl-orig", 0.0123m, cacheHit: false));

        var result = await Synchronizer().SynchronizeAsync([Row("chatcmpl-orig", cacheHit: null)], Store, progress: null);

        Assert.Equal((1, 1, 0), (result.Total, result.Actualized, result.CacheHitsSettled));
        Assert.Equal(0.0123m, Assert.Single(_stored).ActualCost);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2010);
    }

    [Fact]
    public async Task SynchronizeAsync_HitWithoutAnyId_IsSkippedWithoutALookup()
    {
        var result = await Synchronizer().SynchronizeAsync([Row(null, cacheHit: true)], Store, progress: null);

        Assert.Equal((1, 1, 0, 0), (result.Total, result.Skipped, result.Actualized, result.CacheHitsSettled));
        Assert.Empty(_stored);
        await _client.DidNotReceiveWithAnyArgs().LookupAsync(default!, default, default);
    }

    [Fact]
    public async Task SynchronizeAsync_HitNotFoundInAnotherCurrency_FailsAsCurrencyMismatch()
    {
        var result = await Synchronizer().SynchronizeAsync([Row("chatcmpl-eur", cacheHit: true) with { Currency = "EUR" }], Store, progress: null);

        Assert.Equal((1, 1, 0), (result.Total, result.Failed, result.CacheHitsSettled));
        Assert.Equal(SpendLogFailureKind.CurrencyMismatch, Assert.Single(result.Failures).Kind);
        Assert.Empty(_stored);
    }

    [Fact]
    public async Task SynchronizeAsync_HitWhoseLookupFailed_FailsAndIsNotSettled()
    {
        Returns("chatcmpl-hit", SpendLogLookup.Failed(SpendLogFailureKind.Timeout, "no answer in time"));

        var result = await Synchronizer().SynchronizeAsync([Row("chatcmpl-hit", cacheHit: true)], Store, progress: null);

        Assert.Equal((1, 1, 0, 0), (result.Total, result.Failed, result.Actualized, result.CacheHitsSettled));
        Assert.Empty(_stored);
    }

    [Fact]
    public async Task SynchronizeAsync_HitSettledButTheCallbackThrows_IsAFailureNotASettledHit()
    {
        var result = await Synchronizer().SynchronizeAsync(
            [Row("chatcmpl-hit", cacheHit: true)],
            (_, _) => throw new InvalidOperationException("the store is down"),
            progress: null);

        Assert.Equal((1, 1, 0, 0), (result.Total, result.Failed, result.Actualized, result.CacheHitsSettled));
        Assert.Equal(SpendLogFailureKind.CallbackFailed, Assert.Single(result.Failures).Kind);
    }

    [Fact]
    public async Task SynchronizeAsync_RecordKeptByCallId_MergesTheRowKeyedByTheProvidersId()
    {
        const string CallId = "c5b1f0a2-7e3d-4d5c-9a8b-1e2f3a4b5c6d";
        Returns(CallId, Spend("chatcmpl-9Zp2", 0.0045m, cacheHit: false) with { LiteLLMCallId = CallId });

        var result = await Synchronizer().SynchronizeAsync([Row(CallId, cacheHit: false)], Store, progress: null);

        Assert.Equal((1, 1, 0, 0), (result.Total, result.Actualized, result.CacheHitsSettled, result.Failed));
        var stored = Assert.Single(_stored);
        Assert.Equal(0.0045m, stored.ActualCost);
        Assert.Equal(CallId, stored.RequestId);
        Assert.Equal("chatcmpl-9Zp2", Text(stored, "request_id"));
        Assert.Equal(CallId, Text(stored, "litellm_call_id"));
        Assert.Equal(MergedLabel, Text(stored, "cost_coverage"));
        await _client.Received(1).LookupAsync(CallId, _old, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SynchronizeAsync_CallIdOnlyInTheBreakdown_IsLookedUpByItAndMerged()
    {
        const string CallId = "7f3e9d1c-2b4a-4e6f-8a0b-c1d2e3f4a5b6";
        var record = Row(null, cacheHit: false, breakdown: new JsonObject
        {
            ["relay_meta"] = new JsonObject { ["litellm_call_id"] = CallId },
            ["estimated_stt_cost"] = 0.001m,
        });
        Returns(CallId, Spend("msg_01AbCdEf", 0.0045m, cacheHit: null) with { LiteLLMCallId = CallId });

        var result = await Synchronizer().SynchronizeAsync([record], Store, progress: null);

        Assert.Equal((1, 1), (result.Total, result.Actualized));
        var stored = Assert.Single(_stored);
        Assert.Equal(0.0055m, stored.ActualCost);
        Assert.Equal("msg_01AbCdEf", Text(stored, "request_id"));
        await _client.Received(1).LookupAsync(CallId, _old, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SynchronizeAsync_RowForAnotherCallAltogether_IsStillRefusedAsAMismatch()
    {
        Returns("call-1", Spend("chatcmpl-other", 0.5m, cacheHit: false) with { LiteLLMCallId = "call-2" });

        var result = await Synchronizer().SynchronizeAsync([Row("call-1", cacheHit: true)], Store, progress: null);

        Assert.Equal((1, 1, 0), (result.Total, result.Failed, result.CacheHitsSettled));
        Assert.Equal(SpendLogFailureKind.RequestIdMismatch, Assert.Single(result.Failures).Kind);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2010);
    }

    [Fact]
    public async Task SynchronizeAsync_ConfiguredCacheHitLabel_IsWrittenToSettledHits()
    {
        var merger = new CostBreakdownMerger(new CostMergeOptions { CacheHitCoverageLabel = "hit_zero" });

        var result = await Synchronizer(merger).SynchronizeAsync([Row("chatcmpl-hit", cacheHit: true)], Store, progress: null);

        Assert.Equal((1, 1), (result.Total, result.CacheHitsSettled));
        Assert.Equal("hit_zero", Text(Assert.Single(_stored), "cost_coverage"));
    }

    [Fact]
    public async Task SynchronizeAsync_Progress_ReportsCacheHitsSettledEndingAtTheResult()
    {
        Returns("chatcmpl-orig", Spend("chatcmpl-orig", 0.0123m, cacheHit: false));
        var reports = new List<SyncProgress>();
        var progress = new SynchronousProgress(reports.Add);

        var result = await Synchronizer(maxConcurrency: 1).SynchronizeAsync(
            [Row("chatcmpl-orig", cacheHit: false), Row("chatcmpl-orig", cacheHit: true), Row("chatcmpl-gone", cacheHit: true)],
            Store,
            progress);

        Assert.Equal([0, 1, 2], reports.Select(p => p.CacheHitsSettled));
        Assert.Equal((3, 3, 2), (result.Total, result.Actualized, result.CacheHitsSettled));
        Assert.All(reports, p => Assert.Null(p.StopReason));
    }

    [Fact]
    public async Task SynchronizeAsync_DisagreementWarning_EscapesTheIdsAndNeverCarriesTheKey()
    {
        const string Forged = "chatcmpl-x\r\nERROR forged line";
        Returns(Forged, Spend(Forged, 0.0123m, cacheHit: false));

        var result = await Synchronizer().SynchronizeAsync([Row(Forged, cacheHit: true)], Store, progress: null);

        Assert.Equal((1, 1), (result.Total, result.CacheHitsSettled));
        var warning = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2010);
        Assert.DoesNotContain('\n', warning.Message);
        Assert.Contains(@"chatcmpl-x\r\nERROR forged line", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Message.Contains(ApiKey, StringComparison.Ordinal));
    }

    private static string? Text(UsageRecord record, string key) => record.CostBreakdown?[key]?.GetValue<string>();

    private static UsageRecord Row(string? requestId, bool? cacheHit, JsonObject? breakdown = null) => new()
    {
        RequestId = requestId,
        Timestamp = _old,
        Provider = "openai",
        Model = "gpt-4o",
        EstimatedCost = 0.01m,
        CacheHit = cacheHit,
        PromptTokens = 10,
        CompletionTokens = 20,
        CostBreakdown = breakdown,
    };

    private static SpendLogEntry Spend(string requestId, decimal spend, bool? cacheHit) => new()
    {
        RequestId = requestId,
        Spend = spend,
        CacheHit = cacheHit,
        StartTime = _old,
        EndTime = _old.AddSeconds(1),
        Model = "gpt-4o",
        Provider = "openai",
        PromptTokens = 10,
        CompletionTokens = 20,
        TotalTokens = 30,
    };

    private ValueTask Store(UsageRecord record, CancellationToken cancellationToken)
    {
        _stored.Add(record);
        return ValueTask.CompletedTask;
    }

    private void Returns(string requestId, SpendLogEntry entry) => Returns(requestId, SpendLogLookup.Found(entry));

    private void Returns(string requestId, SpendLogLookup lookup) =>
        _client.LookupAsync(requestId, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(lookup);

    private ActualCostSynchronizer Synchronizer(CostBreakdownMerger? merger = null, int maxConcurrency = 8)
    {
        var options = new UsageAnalyticsOptions();
        options.LiteLLM.BaseUrl = "https://litellm.test";
        options.LiteLLM.ApiKey = ApiKey;
        options.Sync.MaxConcurrency = maxConcurrency;
        return new ActualCostSynchronizer(_client, merger ?? new CostBreakdownMerger(), Options.Create(options), _time, _logger);
    }

    private sealed class SynchronousProgress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => report(value);
    }
}
