using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using RichardSzalay.MockHttp;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.Records;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.Sync;

public sealed class ActualCostSynchronizerTests
{
    private static readonly DateTimeOffset _now = new(2026, 8, 6, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _old = _now.AddMinutes(-10);

    private readonly ISpendLogClient _client = Substitute.For<ISpendLogClient>();
    private readonly FakeTimeProvider _time = new(_now);
    private readonly FakeLogger<ActualCostSynchronizer> _logger = new();

    public ActualCostSynchronizerTests()
    {
        // Rows a test does not set up are cleanly absent from the spend log.
        _client.LookupAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(SpendLogLookup.NotFound);
    }

    [Fact]
    public async Task SynchronizeAsync_MixedRows_AccountsForEveryRow()
    {
        var rows = new[]
        {
            Row("done", actualCost: 1m),
            Row(null),
            Row(null, breakdown: new JsonObject { ["relay_meta"] = new JsonObject { ["request_id"] = "in-breakdown" } }),
            Row("too-recent", timestamp: _now.AddSeconds(-30)),
            Row("not-found"),
            Row("mismatch"),
            Row("bad-breakdown", breakdown: new JsonObject { ["estimated_tts_cost"] = "abc" }),
            Row("good", breakdown: new JsonObject { ["estimated_stt_cost"] = 0.01m }),
        };
        Returns("in-breakdown", Spend("in-breakdown", 0.2m));
        Returns("mismatch", Spend("another-request", 0.3m));
        Returns("bad-breakdown", Spend("bad-breakdown", 0.4m));
        Returns("good", Spend("good", 0.5m));
        var updated = new ConcurrentBag<UsageRecord>();

        var result = await Synchronizer().SynchronizeAsync(rows, Collect(updated), progress: null);

        Assert.Equal(rows.Length, result.Total);
        Assert.Equal(2, result.Actualized);
        Assert.Equal(2, result.NotYetAvailable);
        Assert.Equal(2, result.Skipped);
        Assert.Equal(2, result.Failed);
        Assert.False(result.WasCanceled);
        Assert.Equal(
            [("bad-breakdown", SpendLogFailureKind.MalformedCostBreakdown), ("mismatch", SpendLogFailureKind.RequestIdMismatch)],
            result.Failures.Select(f => (f.RequestId, f.Kind)).OrderBy(f => f.RequestId, StringComparer.Ordinal));
        Assert.Equal(0.51m, updated.Single(r => r.RequestId == "good").ActualCost);
        Assert.Equal(0.2m, updated.Single(r => r.RequestId is null).ActualCost);
        await _client.DidNotReceive().LookupAsync("too-recent", Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        await _client.DidNotReceive().LookupAsync("done", Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SynchronizeAsync_UpdatedRow_CarriesMergedBreakdownAndIsLookedUpAtItsTimestamp()
    {
        var row = Row("req-1", breakdown: new JsonObject { ["estimated_stt_cost"] = "0.02", ["app_field"] = "kept" });
        Returns("req-1", Spend("req-1", 0.1m));
        var updated = new ConcurrentBag<UsageRecord>();

        await Synchronizer().SynchronizeAsync([row], Collect(updated), progress: null);

        var merged = Assert.Single(updated);
        Assert.Equal(0.12m, merged.ActualCost);
        Assert.Equal("kept", merged.CostBreakdown?["app_field"]?.GetValue<string>());
        Assert.Equal("llm_actual_tts_stt_estimated", merged.CostBreakdown?["cost_coverage"]?.GetValue<string>());
        await _client.Received(1).LookupAsync("req-1", _old, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(59, 0)]
    [InlineData(60, 1)]
    [InlineData(61, 1)]
    public async Task SynchronizeAsync_RowAge_LooksUpOnlyRowsAtLeastMinimumAgeOld(int ageSeconds, int expectedLookups)
    {
        var row = Row("req-1", timestamp: _now.AddSeconds(-ageSeconds));

        var result = await Synchronizer().SynchronizeAsync([row], Ignore, progress: null);

        Assert.Equal(1, result.NotYetAvailable);
        await _client.Received(expectedLookups).LookupAsync("req-1", Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SynchronizeAsync_RunTwiceOverStoredRows_ChangesNothingTheSecondTime()
    {
        var rows = Enumerable.Range(0, 5).Select(i => Row("req-" + i)).ToList();
        foreach (var row in rows)
        {
            Returns(row.RequestId!, Spend(row.RequestId!, 0.1m));
        }

        var stored = new ConcurrentBag<UsageRecord>();
        var first = await Synchronizer().SynchronizeAsync(rows, Collect(stored), progress: null);
        var again = new ConcurrentBag<UsageRecord>();

        var second = await Synchronizer().SynchronizeAsync(stored.ToList(), Collect(again), progress: null);

        Assert.Equal(5, first.Actualized);
        Assert.Equal(0, second.Actualized);
        Assert.Equal(5, second.Skipped);
        Assert.Empty(again);
        await _client.Received(5).LookupAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SynchronizeAsync_ManyRows_NeverExceedsMaxConcurrencyAndReachesIt()
    {
        const int Limit = 3;
        var inFlight = 0;
        var maxInFlight = 0;
        var limitReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.LookupAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref maxInFlight, now);
                if (now == Limit)
                {
                    limitReached.TrySetResult();
                }

                // No lookup finishes before Limit of them run at once, so an unbounded run would overshoot.
                await limitReached.Task;
                await Task.Yield();
                Interlocked.Decrement(ref inFlight);
                return SpendLogLookup.NotFound;
            });
        var rows = Enumerable.Range(0, 40).Select(i => Row("req-" + i)).ToList();

        var result = await Synchronizer(o => o.Sync.MaxConcurrency = Limit).SynchronizeAsync(rows, Ignore, progress: null);

        Assert.Equal(Limit, maxInFlight);
        Assert.Equal(40, result.NotYetAvailable);
    }

    [Fact]
    public async Task SynchronizeAsync_Canceled_ReturnsCountsSoFar()
    {
        var rows = Enumerable.Range(0, 10).Select(i => Row("req-" + i)).ToList();
        foreach (var row in rows)
        {
            Returns(row.RequestId!, Spend(row.RequestId!, 0.1m));
        }

        using var cts = new CancellationTokenSource();
        var stored = 0;
        ValueTask Store(UsageRecord record, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref stored) == 2)
            {
                cts.Cancel();
            }

            return ValueTask.CompletedTask;
        }

        var result = await Synchronizer(o => o.Sync.MaxConcurrency = 1).SynchronizeAsync(rows, Store, null, cts.Token);

        Assert.True(result.WasCanceled);
        Assert.Equal(2, result.Actualized);
        Assert.Equal(2, result.Total);
        await _client.Received(2).LookupAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SynchronizeAsync_CanceledWhileFetching_DoesNotCountTheRowInFlight()
    {
        using var cts = new CancellationTokenSource();
        _client.LookupAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                await cts.CancelAsync();
                call.Arg<CancellationToken>().ThrowIfCancellationRequested();
                return SpendLogLookup.NotFound;
            });

        var result = await Synchronizer().SynchronizeAsync([Row("req-1"), Row(null)], Ignore, null, cts.Token);

        Assert.True(result.WasCanceled);
        Assert.Equal(0, result.Failed);
        Assert.Equal(0, result.NotYetAvailable);
    }

    [Fact]
    public async Task SynchronizeAsync_Progress_ReportsEverySettledRowEndingAtTheResult()
    {
        var rows = new[] { Row("done", actualCost: 1m), Row("req-1"), Row("req-2"), Row(null) };
        Returns("req-1", Spend("req-1", 0.1m));
        var progress = new ListProgress();

        var result = await Synchronizer().SynchronizeAsync(rows, Ignore, progress);

        Assert.Equal([1, 2, 3, 4], progress.Reports.Select(p => p.Processed));
        var last = progress.Reports[^1];
        Assert.Equal((result.Actualized, result.NotYetAvailable, result.Skipped, result.Failed), (last.Actualized, last.NotYetAvailable, last.Skipped, last.Failed));
        Assert.Equal((1, 1, 2, 0), (last.Actualized, last.NotYetAvailable, last.Skipped, last.Failed));
    }

    [Fact]
    public async Task SynchronizeAsync_CallbackThrows_CountsRowAsFailedAndGoesOn()
    {
        var rows = new[] { Row("req-1"), Row("req-2") };
        Returns("req-1", Spend("req-1", 0.1m));
        Returns("req-2", Spend("req-2", 0.2m));
        ValueTask Store(UsageRecord record, CancellationToken cancellationToken) =>
            record.RequestId == "req-1" ? throw new InvalidOperationException("database is down") : ValueTask.CompletedTask;

        var result = await Synchronizer().SynchronizeAsync(rows, Store, progress: null);

        Assert.Equal(1, result.Actualized);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(SpendLogFailureKind.CallbackFailed, failure.Kind);
        Assert.Equal("req-1", failure.RequestId);
        Assert.Same(rows[0], failure.Record);
        Assert.Contains("database is down", failure.Message, StringComparison.Ordinal);
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2002 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task SynchronizeAsync_ClientThrows_CountsRowAsFailedWithReason()
    {
        _client.LookupAsync("malformed", Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new SpendLogFormatException("bad row"));
        _client.LookupAsync("broken", Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new SpendLogRequestException("HTTP 500", SpendLogFailureKind.HttpStatus, System.Net.HttpStatusCode.InternalServerError));
        _client.LookupAsync("unexpected", Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new InvalidOperationException("custom client bug"));

        var result = await Synchronizer().SynchronizeAsync([Row("malformed"), Row("broken"), Row("unexpected")], Ignore, progress: null);

        Assert.Equal(3, result.Failed);
        Assert.Equal(
            [
                ("broken", SpendLogFailureKind.HttpStatus, (System.Net.HttpStatusCode?)System.Net.HttpStatusCode.InternalServerError),
                ("malformed", SpendLogFailureKind.MalformedSpendLog, null),
                ("unexpected", SpendLogFailureKind.Other, null),
            ],
            result.Failures.Select(f => (f.RequestId, f.Kind, f.StatusCode)).OrderBy(f => f.RequestId, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(SpendLogFailureKind.HttpStatus)]
    [InlineData(SpendLogFailureKind.Timeout)]
    [InlineData(SpendLogFailureKind.Network)]
    [InlineData(SpendLogFailureKind.CircuitOpen)]
    [InlineData(SpendLogFailureKind.ResponseTooLarge)]
    [InlineData(SpendLogFailureKind.MalformedResponse)]
    [InlineData(SpendLogFailureKind.MalformedSpendLog)]
    public async Task SynchronizeAsync_LookupFailed_CountsRowAsFailedWithTheLookupsKindAndMessage(SpendLogFailureKind kind)
    {
        var rows = new[] { Row("failing"), Row("good") };
        Returns("failing", SpendLogLookup.Failed(kind, "lookup went wrong: detail-42", System.Net.HttpStatusCode.ServiceUnavailable));
        Returns("good", Spend("good", 0.5m));

        var result = await Synchronizer().SynchronizeAsync(rows, Ignore, progress: null);

        Assert.Equal((2, 1, 0, 0, 1), (result.Total, result.Actualized, result.NotYetAvailable, result.Skipped, result.Failed));
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("failing", kind, System.Net.HttpStatusCode.ServiceUnavailable), (failure.RequestId, failure.Kind, failure.StatusCode));
        Assert.Same(rows[0], failure.Record);
        Assert.Contains(kind.ToString(), failure.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", failure.Message, StringComparison.Ordinal);
        Assert.Contains("detail-42", failure.Message, StringComparison.Ordinal);
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2002 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task SynchronizeAsync_EachLookupOutcome_SettlesEveryRowInItsCount()
    {
        var rows = new[] { Row("found"), Row("absent"), Row("timed-out"), Row("malformed"), Row(null) };
        Returns("found", Spend("found", 0.5m));
        Returns("absent", SpendLogLookup.NotFound);
        Returns("timed-out", SpendLogLookup.Failed(SpendLogFailureKind.Timeout, "no answer in time"));
        Returns("malformed", SpendLogLookup.Failed(SpendLogFailureKind.MalformedSpendLog, "spend is not a number", System.Net.HttpStatusCode.OK));

        var result = await Synchronizer().SynchronizeAsync(rows, Ignore, progress: null);

        Assert.Equal((5, 1, 1, 1, 2), (result.Total, result.Actualized, result.NotYetAvailable, result.Skipped, result.Failed));
        Assert.Equal(
            [("malformed", SpendLogFailureKind.MalformedSpendLog), ("timed-out", SpendLogFailureKind.Timeout)],
            result.Failures.Select(f => (f.RequestId, f.Kind)).OrderBy(f => f.RequestId, StringComparer.Ordinal));
        Assert.DoesNotContain("HTTP", result.Failures.Single(f => f.RequestId == "timed-out").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynchronizeAsync_ClientReturnsNullLookup_CountsRowAsFailed()
    {
        Returns("req-1", (SpendLogLookup)null!);

        var result = await Synchronizer().SynchronizeAsync([Row("req-1")], Ignore, progress: null);

        Assert.Equal((1, 1), (result.Total, result.Failed));
        Assert.Equal(SpendLogFailureKind.Other, Assert.Single(result.Failures).Kind);
    }

    [Fact]
    public async Task SynchronizeAsync_CurrencyDiffers_FailsAsCurrencyMismatch()
    {
        Returns("req-1", Spend("req-1", 0.1m));

        var result = await Synchronizer().SynchronizeAsync([Row("req-1") with { Currency = "EUR" }], Ignore, progress: null);

        Assert.Equal(SpendLogFailureKind.CurrencyMismatch, Assert.Single(result.Failures).Kind);
    }

    [Fact]
    public async Task SynchronizeAsync_AsyncSource_AccountsForEveryRow()
    {
        Returns("req-1", Spend("req-1", 0.1m));
        var updated = new ConcurrentBag<UsageRecord>();

        var result = await Synchronizer().SynchronizeAsync(Stream(Row("req-1"), Row("req-2"), Row(null)), Collect(updated), progress: null);

        Assert.Equal((3, 1, 1, 1), (result.Total, result.Actualized, result.NotYetAvailable, result.Skipped));
        Assert.Single(updated);
    }

    [Fact]
    public async Task SynchronizeAsync_Disabled_SkipsEveryRowWithoutLookups()
    {
        var rows = new[] { Row("req-1"), Row("req-2"), Row(null) };

        var result = await Synchronizer(o => o.Enabled = false).SynchronizeAsync(rows, Ignore, progress: null);

        Assert.Equal(3, result.Skipped);
        Assert.Equal(3, result.Total);
        await _client.DidNotReceiveWithAnyArgs().LookupAsync(default!, default, default);
    }

    [Fact]
    public async Task SynchronizeAsync_DisabledThroughAddUsageAnalytics_IsANoOp()
    {
        var client = Substitute.For<ISpendLogClient>();
        using var host = SpendLogTestHost.Create(
            new Dictionary<string, string?> { ["UsageAnalytics:Enabled"] = "false", ["UsageAnalytics:LiteLLM:ApiKey"] = null },
            services => services.AddSingleton(client));
        var synchronizer = host.Services.GetRequiredService<ActualCostSynchronizer>();

        var result = await synchronizer.SynchronizeAsync([Row("req-1"), Row("req-2")], Ignore, progress: null);

        Assert.Equal(2, result.Skipped);
        await client.DidNotReceiveWithAnyArgs().LookupAsync(default!, default, default);
    }

    [Fact]
    public async Task SynchronizeAsync_ThroughAddUsageAnalyticsAndHttp_ActualizesRow()
    {
        using var host = SpendLogTestHost.Create(configureServices: services => services.AddSingleton<TimeProvider>(_time));
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond("application/json", SpendLogJson.Envelope(SpendLogJson.Row("req-1", 0.25m)));
        var updated = new ConcurrentBag<UsageRecord>();
        var synchronizer = host.Services.GetRequiredService<ActualCostSynchronizer>();

        var result = await synchronizer.SynchronizeAsync([Row("req-1"), Row("req-2", timestamp: _now)], Collect(updated), progress: null);

        Assert.Equal((1, 1), (result.Actualized, result.NotYetAvailable));
        Assert.Equal(0.25m, Assert.Single(updated).ActualCost);
    }

    [Fact]
    public async Task SynchronizeAsync_NullArguments_Throw()
    {
        var synchronizer = Synchronizer();

        await Assert.ThrowsAsync<ArgumentNullException>(() => synchronizer.SynchronizeAsync((IEnumerable<UsageRecord>)null!, Ignore, null));
        await Assert.ThrowsAsync<ArgumentNullException>(() => synchronizer.SynchronizeAsync([Row("req-1")], null!, null));
    }

    [Fact]
    public void Constructor_InvalidOptionsWithoutDependencyInjection_ThrowsNamingTheKey()
    {
        var options = new UsageAnalyticsOptions { LiteLLM = { BaseUrl = "https://litellm.test", ApiKey = "sk-test" } };
        options.Sync.MaxConcurrency = 0;

        var error = Assert.Throws<ArgumentException>(() =>
            new ActualCostSynchronizer(_client, new CostBreakdownMerger(), Options.Create(options), _time, _logger));

        Assert.Contains("UsageAnalyticsOptions.Sync.MaxConcurrency", error.Message, StringComparison.Ordinal);
    }

    private static ValueTask Ignore(UsageRecord record, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private static Func<UsageRecord, CancellationToken, ValueTask> Collect(ConcurrentBag<UsageRecord> bag) => (record, _) =>
    {
        bag.Add(record);
        return ValueTask.CompletedTask;
    };

    private static UsageRecord Row(string? requestId, decimal? actualCost = null, DateTimeOffset? timestamp = null, JsonObject? breakdown = null) => new()
    {
        RequestId = requestId,
        Timestamp = timestamp ?? _old,
        Provider = "openai",
        Model = "gpt-4o",
        EstimatedCost = 0.1m,
        ActualCost = actualCost,
        CostBreakdown = breakdown,
    };

    private static SpendLogEntry Spend(string requestId, decimal spend) => new()
    {
        RequestId = requestId,
        Spend = spend,
        StartTime = _old,
        EndTime = _old.AddSeconds(1),
        Model = "gpt-4o",
        Provider = "openai",
        PromptTokens = 10,
        CompletionTokens = 20,
        TotalTokens = 30,
    };

    private static async IAsyncEnumerable<UsageRecord> Stream(params UsageRecord[] rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private void Returns(string requestId, SpendLogEntry entry) => Returns(requestId, SpendLogLookup.Found(entry));

    private void Returns(string requestId, SpendLogLookup lookup) =>
        _client.LookupAsync(requestId, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(lookup);

    private ActualCostSynchronizer Synchronizer(Action<UsageAnalyticsOptions>? configure = null)
    {
        var options = new UsageAnalyticsOptions();
        options.LiteLLM.BaseUrl = "https://litellm.test";
        options.LiteLLM.ApiKey = "sk-test";
        configure?.Invoke(options);
        return new ActualCostSynchronizer(_client, new CostBreakdownMerger(), Options.Create(options), _time, _logger);
    }

    private sealed class ListProgress : IProgress<SyncProgress>
    {
        public List<SyncProgress> Reports { get; } = [];

        public void Report(SyncProgress value) => Reports.Add(value);
    }
}
