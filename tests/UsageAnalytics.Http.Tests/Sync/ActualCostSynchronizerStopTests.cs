using System.Collections;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using RichardSzalay.MockHttp;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.Sync;

/// <summary>The stop rule: a proxy that rejects the key is not asked 10,000 times (issue "Actual costs you can trust", point 3).</summary>
public sealed class ActualCostSynchronizerStopTests
{
    private const string ApiKey = "sk-test-stop-4c2a";
    private const string Rejected = "LiteLLM answered HTTP 401 (Unauthorized) at /spend/logs/v2: Authentication Error, Invalid proxy server token passed.";
    private static readonly DateTimeOffset _now = new(2026, 8, 6, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _old = _now.AddMinutes(-10);

    private readonly ISpendLogClient _client = Substitute.For<ISpendLogClient>();
    private readonly FakeLogger<ActualCostSynchronizer> _logger = new();
    private int _stored;

    [Fact]
    public async Task SynchronizeAsync_KeyRejectedForEveryLookupOfAThousandRows_StopsAfterAtMostThreePlusConcurrencyLookups()
    {
        const int Concurrency = 8;
        _client.LookupAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(async _ =>
            {
                await Task.Yield();
                return SpendLogLookup.Failed(SpendLogFailureKind.HttpStatus, Rejected, HttpStatusCode.Unauthorized);
            });
        var rows = new CountingRows(Enumerable.Range(0, 1000).Select(i => Row("req-" + i)));

        var result = await Synchronizer(Concurrency).SynchronizeAsync(rows, Store, progress: null);

        Assert.True(result.WasStopped);
        Assert.False(result.WasCanceled);
        Assert.Equal("LiteLLM rejected the API key (HTTP 401 Unauthorized: " + Rejected + ")", result.StopReason);
        var lookups = _client.ReceivedCalls().Count();
        Assert.InRange(lookups, 3, 3 + Concurrency);
        Assert.Equal(0, result.Actualized);
        Assert.Equal(0, _stored);
        Assert.Equal(rows.Read, result.Total);
        Assert.Equal(result.Total, result.Failed);
        Assert.All(result.Failures, f => Assert.Equal(HttpStatusCode.Unauthorized, f.StatusCode));
        var stop = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2011);
        Assert.Equal(LogLevel.Error, stop.Level);
        Assert.Contains("first 3 lookup(s)", stop.Message, StringComparison.Ordinal);
        Assert.Contains("LiteLLM rejected the API key (HTTP 401 Unauthorized", stop.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "HTTP 401 Unauthorized")]
    [InlineData(HttpStatusCode.Forbidden, "HTTP 403 Forbidden")]
    public async Task SynchronizeAsync_FirstThreeLookupsRefused_StopsAtThreeWithOneCallAtATime(HttpStatusCode status, string expected)
    {
        Answer(SpendLogLookup.Failed(SpendLogFailureKind.HttpStatus, "team scope", status));
        var rows = new CountingRows(Enumerable.Range(0, 50).Select(i => Row("req-" + i)));

        var result = await Synchronizer(maxConcurrency: 1).SynchronizeAsync(rows, Store, progress: null);

        Assert.Equal("LiteLLM rejected the API key (" + expected + ": team scope)", result.StopReason);
        Assert.Equal((3, 3, 0), (result.Total, result.Failed, result.Actualized));
        Assert.Equal(3, rows.Read);
        Assert.Equal(3, _client.ReceivedCalls().Count());
    }

    [Fact]
    public async Task SynchronizeAsync_ClientThrowsWithA401_CountsAsARejection()
    {
        _client.LookupAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new SpendLogRequestException("HTTP 401: invalid key", SpendLogFailureKind.HttpStatus, HttpStatusCode.Unauthorized));
        var rows = new CountingRows(Enumerable.Range(0, 20).Select(i => Row("req-" + i)));

        var result = await Synchronizer(maxConcurrency: 1).SynchronizeAsync(rows, Store, progress: null);

        Assert.True(result.WasStopped);
        Assert.Contains("HTTP 401 Unauthorized: SpendLogRequestException: HTTP 401: invalid key", result.StopReason, StringComparison.Ordinal);
        Assert.Equal((3, 3), (result.Total, rows.Read));
    }

    [Fact]
    public async Task SynchronizeAsync_401AfterASuccess_IsAnOrdinaryFailureAndTheRunGoesOn()
    {
        Answer(SpendLogLookup.Failed(SpendLogFailureKind.HttpStatus, Rejected, HttpStatusCode.Unauthorized));
        Returns("req-0", SpendLogLookup.Found(Spend("req-0", 0.1m)));
        var rows = new CountingRows(Enumerable.Range(0, 6).Select(i => Row("req-" + i)));

        var result = await Synchronizer(maxConcurrency: 1).SynchronizeAsync(rows, Store, progress: null);

        Assert.False(result.WasStopped);
        Assert.Null(result.StopReason);
        Assert.Equal((6, 1, 5), (result.Total, result.Actualized, result.Failed));
        Assert.Equal(6, _client.ReceivedCalls().Count());
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2011);
    }

    [Theory]
    [InlineData("not-found")]
    [InlineData("http-500")]
    [InlineData("timeout")]
    public async Task SynchronizeAsync_OneOfTheFirstThreeLookupsNotRefused_NeverStops(string third)
    {
        Answer(SpendLogLookup.Failed(SpendLogFailureKind.HttpStatus, Rejected, HttpStatusCode.Unauthorized));
        Returns("req-2", third switch
        {
            "not-found" => SpendLogLookup.NotFound,
            "http-500" => SpendLogLookup.Failed(SpendLogFailureKind.HttpStatus, "boom", HttpStatusCode.InternalServerError),
            _ => SpendLogLookup.Failed(SpendLogFailureKind.Timeout, "no answer in time"),
        });
        var rows = new CountingRows(Enumerable.Range(0, 10).Select(i => Row("req-" + i)));

        var result = await Synchronizer(maxConcurrency: 1).SynchronizeAsync(rows, Store, progress: null);

        Assert.Null(result.StopReason);
        Assert.Equal(10, result.Total);
        Assert.Equal(10, _client.ReceivedCalls().Count());
    }

    [Fact]
    public async Task SynchronizeAsync_RowsWithoutALookup_DoNotCountTowardTheFirstThree()
    {
        Answer(SpendLogLookup.Failed(SpendLogFailureKind.HttpStatus, Rejected, HttpStatusCode.Unauthorized));
        var rows = new CountingRows(
            new[] { Row(null), Row("done") with { ActualCost = 1m }, Row("young") with { Timestamp = _now }, Row(null) }
                .Concat(Enumerable.Range(0, 10).Select(i => Row("req-" + i))));

        var result = await Synchronizer(maxConcurrency: 1).SynchronizeAsync(rows, Store, progress: null);

        Assert.True(result.WasStopped);
        Assert.Equal((7, 3, 1, 3), (result.Total, result.Skipped, result.NotYetAvailable, result.Failed));
        Assert.Equal(7, rows.Read);
        Assert.Equal(3, _client.ReceivedCalls().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task SynchronizeAsync_FewerThanThreeLookupsAllRefused_ReportsTheStopReason(int count)
    {
        Answer(SpendLogLookup.Failed(SpendLogFailureKind.HttpStatus, Rejected, HttpStatusCode.Unauthorized));
        var rows = Enumerable.Range(0, count).Select(i => Row("req-" + i)).Append(Row(null)).ToList();

        var result = await Synchronizer(maxConcurrency: 1).SynchronizeAsync(rows, Store, progress: null);

        Assert.Equal("LiteLLM rejected the API key (HTTP 401 Unauthorized: " + Rejected + ")", result.StopReason);
        Assert.Equal((count + 1, count, 1), (result.Total, result.Failed, result.Skipped));
        var stop = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2011);
        Assert.Contains($"first {count} lookup(s)", stop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynchronizeAsync_NoLookupAtAll_IsNotStopped()
    {
        var result = await Synchronizer(maxConcurrency: 1).SynchronizeAsync([Row(null), Row("young") with { Timestamp = _now }], Store, progress: null);

        Assert.Null(result.StopReason);
        Assert.Equal((2, 1, 1), (result.Total, result.Skipped, result.NotYetAvailable));
    }

    [Fact]
    public async Task SynchronizeAsync_CanceledAfterOneRefusedLookup_IsCanceledNotStopped()
    {
        using var cts = new CancellationTokenSource();
        _client.LookupAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(_ =>
            {
                cts.Cancel();
                return SpendLogLookup.Failed(SpendLogFailureKind.HttpStatus, Rejected, HttpStatusCode.Unauthorized);
            });
        var rows = new CountingRows(Enumerable.Range(0, 10).Select(i => Row("req-" + i)));

        var result = await Synchronizer(maxConcurrency: 1).SynchronizeAsync(rows, Store, null, cts.Token);

        Assert.True(result.WasCanceled);
        Assert.False(result.WasStopped);
        Assert.Equal((1, 1), (result.Total, result.Failed));
    }

    [Fact]
    public async Task SynchronizeAsync_ServerMessageQuotesTheKey_StopReasonAndLogsNeverCarryIt()
    {
        Answer(SpendLogLookup.Failed(SpendLogFailureKind.HttpStatus, "Invalid key " + ApiKey + "\nsecond line", HttpStatusCode.Unauthorized));

        var result = await Synchronizer(maxConcurrency: 1).SynchronizeAsync(Enumerable.Range(0, 5).Select(i => Row("req-" + i)), Store, progress: null);

        Assert.Equal(@"LiteLLM rejected the API key (HTTP 401 Unauthorized: Invalid key ***\nsecond line)", result.StopReason);
        var stop = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 2011);
        Assert.DoesNotContain(ApiKey, stop.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stop.Message);
    }

    [Fact]
    public async Task SynchronizeAsync_RowReadJustAsTheRunStops_FailsWithoutALookupAndIsCounted()
    {
        // Three lookups wait until a fourth row is read; that row's age check then waits until the run has stopped.
        using var stopped = new ManualResetEventSlim();
        var fourthRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.LookupAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(async _ =>
            {
                await fourthRead.Task;
                return SpendLogLookup.Failed(SpendLogFailureKind.HttpStatus, Rejected, HttpStatusCode.Unauthorized);
            });
        var clock = new GatedClock(_now, holdCall: 4, reached: fourthRead, until: stopped);
        var rows = new CountingRows(Enumerable.Range(0, 100).Select(i => Row("req-" + i)));
        var progress = new SynchronousProgress(p =>
        {
            if (p.StopReason is not null)
            {
                stopped.Set();
            }
        });

        var result = await Synchronizer(maxConcurrency: 4, clock).SynchronizeAsync(rows, Store, progress);

        Assert.True(result.WasStopped);
        Assert.Equal(rows.Read, result.Total);
        Assert.Equal(result.Total, result.Failed);
        // The held row, and any row another freed worker read in the same instant.
        var notLookedUp = result.Failures.Where(f => f.Message.StartsWith("not looked up", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(notLookedUp);
        Assert.All(notLookedUp, f => Assert.Equal((SpendLogFailureKind.HttpStatus, HttpStatusCode.Unauthorized), (f.Kind, f.StatusCode)));
        Assert.All(notLookedUp, f => Assert.Contains("the run stopped because LiteLLM rejected the API key", f.Message, StringComparison.Ordinal));

        // Workers freed by the first answers may start lookups before the third answer stops the run: those finish.
        Assert.Equal(result.Total - notLookedUp.Count, _client.ReceivedCalls().Count());
        Assert.InRange(result.Total, 4, 3 + 4);
    }

    [Fact]
    public async Task SynchronizeAsync_ThroughAddUsageAnalyticsAndAProxyAnswering401_StopsAndQuotesTheServer()
    {
        var time = new FakeTimeProvider(_now);
        using var host = SpendLogTestHost.Create(configureServices: services => services.AddSingleton<TimeProvider>(time));
        var request = host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(
            HttpStatusCode.Unauthorized,
            "application/json",
            """{"error": {"message": "Authentication Error, Invalid proxy server token passed.", "type": "auth_error", "param": "None", "code": "401"}}""");
        var synchronizer = host.Services.GetRequiredService<ActualCostSynchronizer>();
        var rows = new CountingRows(Enumerable.Range(0, 200).Select(i => Row("req-" + i)));

        var result = await synchronizer.SynchronizeAsync(rows, Store, progress: null);

        Assert.True(result.WasStopped);
        Assert.StartsWith("LiteLLM rejected the API key (HTTP 401 Unauthorized: ", result.StopReason, StringComparison.Ordinal);
        Assert.Contains("Authentication Error, Invalid proxy server token passed.", result.StopReason, StringComparison.Ordinal);
        Assert.DoesNotContain(SpendLogTestHost.ApiKey, result.StopReason, StringComparison.Ordinal);
        Assert.InRange(host.Http.GetMatchCount(request), 3, 3 + new SyncOptions().MaxConcurrency);
        Assert.Equal(rows.Read, result.Total);
        Assert.Equal(0, result.Actualized);
        Assert.DoesNotContain(SpendLogTestHost.ApiKey, host.AllLogText(), StringComparison.Ordinal);
    }

    private static UsageRecord Row(string? requestId) => new()
    {
        RequestId = requestId,
        Timestamp = _old,
        Provider = "openai",
        Model = "gpt-4o",
        EstimatedCost = 0.01m,
    };

    private static SpendLogEntry Spend(string requestId, decimal spend) => new()
    {
        RequestId = requestId,
        Spend = spend,
        StartTime = _old,
        Model = "gpt-4o",
        Provider = "openai",
    };

    private ValueTask Store(UsageRecord record, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _stored);
        return ValueTask.CompletedTask;
    }

    private void Answer(SpendLogLookup lookup) =>
        _client.LookupAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(lookup);

    private void Returns(string requestId, SpendLogLookup lookup) =>
        _client.LookupAsync(requestId, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(lookup);

    private ActualCostSynchronizer Synchronizer(int maxConcurrency, TimeProvider? clock = null)
    {
        var options = new UsageAnalyticsOptions();
        options.LiteLLM.BaseUrl = "https://litellm.test";
        options.LiteLLM.ApiKey = ApiKey;
        options.Sync.MaxConcurrency = maxConcurrency;
        return new ActualCostSynchronizer(_client, new CostBreakdownMerger(), Options.Create(options), clock ?? new FakeTimeProvider(_now), _logger);
    }

    /// <summary>The input rows, counting how many the run has read.</summary>
    private sealed class CountingRows(IEnumerable<UsageRecord> rows) : IEnumerable<UsageRecord>
    {
        private int _read;

        public int Read => Volatile.Read(ref _read);

        public IEnumerator<UsageRecord> GetEnumerator()
        {
            foreach (var row in rows)
            {
                Interlocked.Increment(ref _read);
                yield return row;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// A fixed clock whose <paramref name="holdCall"/>-th read (the age check of one row, just before its lookup) completes
    /// <paramref name="reached"/> and waits until <paramref name="until"/> is set: that row is read before the run stops
    /// and reaches its lookup after.
    /// </summary>
    private sealed class GatedClock(DateTimeOffset now, int holdCall, TaskCompletionSource reached, ManualResetEventSlim until) : TimeProvider
    {
        private int _calls;

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Increment(ref _calls) == holdCall)
            {
                reached.SetResult();
                Assert.True(until.Wait(TimeSpan.FromSeconds(10)), "the run never stopped");
            }

            return now;
        }
    }

    private sealed class SynchronousProgress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => report(value);
    }
}
