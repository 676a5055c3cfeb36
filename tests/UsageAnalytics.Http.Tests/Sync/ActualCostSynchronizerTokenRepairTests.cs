using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sync;

/// <summary><see cref="SyncResult.TokenRepairedRows"/>: rows merged with a spend-log row whose token counts were normalised.</summary>
public sealed class ActualCostSynchronizerTokenRepairTests
{
    private static readonly DateTimeOffset _now = new(2026, 8, 6, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _old = _now.AddMinutes(-10);

    private readonly ISpendLogClient _client = Substitute.For<ISpendLogClient>();
    private readonly FakeLogger<ActualCostSynchronizer> _logger = new();
    private readonly ConcurrentBag<UsageRecord> _stored = [];

    public ActualCostSynchronizerTokenRepairTests()
    {
        _client.LookupAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(SpendLogLookup.NotFound);
    }

    [Fact]
    public async Task SynchronizeAsync_RowWithThinkingTokensOnlyInTheTotal_IsCountedAndStoresTheRepairedCounts()
    {
        // any-llm issue 1290: Gemini prompt 20, completion 198, total 623 (405 thinking tokens only in the total).
        var gemini = SpendLogEntry.Parse(Json("req-gemini", """ "prompt_tokens": 20, "completion_tokens": 198, "total_tokens": 623 """));
        var plain = SpendLogEntry.Parse(Json("req-plain", """ "prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30 """));
        Returns(gemini);
        Returns(plain);

        var result = await Synchronizer().SynchronizeAsync([Row("req-gemini"), Row("req-plain")], Store, progress: null);

        Assert.Equal(SpendLogTokenRepairs.TotalAboveSum, gemini.TokenRepairs);
        Assert.Equal((2, 2, 1), (result.Total, result.Actualized, result.TokenRepairedRows));
        var stored = Assert.Single(_stored, r => r.RequestId == "req-gemini");
        Assert.Equal(20, stored.CostBreakdown?["prompt_tokens"]?.GetValue<long>());
        Assert.Equal(603, stored.CostBreakdown?["completion_tokens"]?.GetValue<long>());
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2013 && r.Message.Contains(" 1 row(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SynchronizeAsync_RepairedRowThatIsNotStored_IsNotCounted()
    {
        // A hit settled at 0 keeps the record's own counts; a failed callback stores nothing.
        Returns(SpendLogEntry.Parse(Json("req-hit", """ "prompt_tokens": 20, "completion_tokens": 198, "total_tokens": 623 """)));
        Returns(SpendLogEntry.Parse(Json("req-store-fails", """ "prompt_tokens": 20, "completion_tokens": 198, "total_tokens": 623 """)));

        var result = await Synchronizer().SynchronizeAsync(
            [Row("req-hit") with { CacheHit = true }, Row("req-store-fails")],
            (record, _) => record.RequestId == "req-store-fails" ? throw new InvalidOperationException("store down") : Store(record, default),
            progress: null);

        Assert.Equal((2, 1, 1, 1, 0), (result.Total, result.Actualized, result.CacheHitsSettled, result.Failed, result.TokenRepairedRows));
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2013);
    }

    [Fact]
    public async Task SynchronizeAsync_Progress_ReportsTokenRepairedRows()
    {
        Returns(SpendLogEntry.Parse(Json("req-gemini", """ "prompt_tokens": 20, "completion_tokens": 198, "total_tokens": 623 """)));
        var reports = new List<SyncProgress>();

        var result = await Synchronizer().SynchronizeAsync([Row("req-gemini")], Store, new SynchronousProgress(reports.Add));

        Assert.Equal(1, result.TokenRepairedRows);
        Assert.Equal(1, Assert.Single(reports).TokenRepairedRows);
    }

    private static string Json(string requestId, string tokens) =>
        $$"""{"request_id": "{{requestId}}", "spend": 0.0021, "startTime": "2026-08-06T14:50:00+00:00", "model": "gemini-2.5-flash", "custom_llm_provider": "vertex_ai", {{tokens}}}""";

    private static UsageRecord Row(string requestId) => new()
    {
        RequestId = requestId,
        Timestamp = _old,
        Provider = "vertex_ai",
        Model = "gemini-2.5-flash",
        EstimatedCost = 0.002m,
    };

    private ValueTask Store(UsageRecord record, CancellationToken cancellationToken)
    {
        _stored.Add(record);
        return ValueTask.CompletedTask;
    }

    private void Returns(SpendLogEntry entry) =>
        _client.LookupAsync(entry.RequestId, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(SpendLogLookup.Found(entry));

    private ActualCostSynchronizer Synchronizer()
    {
        var options = new UsageAnalyticsOptions();
        options.LiteLLM.BaseUrl = "https://litellm.test";
        options.LiteLLM.ApiKey = "sk-test";
        return new ActualCostSynchronizer(_client, new CostBreakdownMerger(), Options.Create(options), new FakeTimeProvider(_now), _logger);
    }

    private sealed class SynchronousProgress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => report(value);
    }
}
