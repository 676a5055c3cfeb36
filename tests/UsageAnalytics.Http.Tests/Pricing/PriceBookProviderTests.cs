using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace UsageAnalytics.Pricing;

public sealed class PriceBookProviderTests
{
    private const string NewPrices = """{"gpt-4o": {"input_cost_per_token": 2e-06, "output_cost_per_token": 8e-06, "litellm_provider": "openai"}}""";

    private static decimal InputRate(PriceBook book) => book.FindModel("gpt-4o")!.Rates["input_cost_per_token"];

    /// <summary>Waits until the load the provider last started (a background reload) has finished and published its outcome.</summary>
    private static Task LoadSettled(PricingTestHost host) => ((PriceBookProvider)host.Provider).LoadSettled.WaitAsync(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task GetPriceBookAsync_WithinRefreshInterval_LoadsOnceAndHandsOutTheSameBook()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        host.Http.Expect(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => PricingTestHost.Json(PricingTestHost.PriceFile));

        var first = await host.Provider.GetPriceBookAsync();
        host.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var second = await host.Provider.GetPriceBookAsync();

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Same(first, second);
        var loaded = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 3000);
        Assert.Equal(LogLevel.Information, loaded.Level);
        Assert.Contains($"Price book loaded from {PricingTestHost.PriceFileUrl} in ", loaded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPriceBookAsync_AfterRefreshInterval_ReturnsTheOldBookAndReloadsInTheBackground()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl, new Dictionary<string, string?> { ["UsageAnalytics:Pricing:RefreshInterval"] = "06:00:00" });
        host.Http.Expect(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => PricingTestHost.Json(PricingTestHost.PriceFile));
        host.Http.Expect(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => PricingTestHost.Json(NewPrices));

        var first = await host.Provider.GetPriceBookAsync();
        host.Time.Advance(TimeSpan.FromHours(6));
        var second = await host.Provider.GetPriceBookAsync();
        await LoadSettled(host);
        var third = await host.Provider.GetPriceBookAsync();

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Same(first, second);
        Assert.Equal(0.0000025m, InputRate(first));
        Assert.Equal(0.000002m, InputRate(third));
        Assert.Same(third, await host.Provider.GetPriceBookAsync());
        Assert.Equal(2, host.Logs.GetSnapshot().Count(r => r.Id.Id == 3000));
    }

    [Fact]
    public async Task GetPriceBookAsync_RefreshFails_KeepsTheLastGoodBookAndWarns()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var requests = 0;
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => Interlocked.Increment(ref requests) == 1
            ? PricingTestHost.Json(PricingTestHost.PriceFile)
            : new HttpResponseMessage(HttpStatusCode.InternalServerError));

        var first = await host.Provider.GetPriceBookAsync();
        host.Time.Advance(TimeSpan.FromDays(1));
        var second = await host.Provider.GetPriceBookAsync();
        await LoadSettled(host);
        var third = await host.Provider.GetPriceBookAsync();

        Assert.Same(first, second);
        Assert.Same(first, third);
        Assert.Equal(5, requests); // the first load, then the reload and its 3 retries
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 3001);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("(HttpStatus); the book loaded at 08/06/2026 12:00:00 +00:00 stays in use", warning.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 500 (InternalServerError)", warning.Message, StringComparison.Ordinal);
        Assert.IsType<PriceBookLoadException>(warning.Exception);
    }

    [Fact]
    public async Task GetPriceBookAsync_AfterAFailedRefresh_WaitsBeforeTryingAgain()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var requests = 0;
        var failing = false;
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ =>
        {
            var request = Interlocked.Increment(ref requests);
            return Volatile.Read(ref failing) ? new HttpResponseMessage(HttpStatusCode.NotFound) : PricingTestHost.Json(request == 1 ? PricingTestHost.PriceFile : NewPrices);
        });
        var first = await host.Provider.GetPriceBookAsync();
        Volatile.Write(ref failing, true);
        host.Time.Advance(TimeSpan.FromDays(1));
        await host.Provider.GetPriceBookAsync();
        await LoadSettled(host);
        Volatile.Write(ref failing, false);

        host.Time.Advance(TimeSpan.FromSeconds(59));
        var withinDelay = await host.Provider.GetPriceBookAsync();
        await LoadSettled(host);
        var requestsWithinDelay = requests;
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var afterDelay = await host.Provider.GetPriceBookAsync();
        await LoadSettled(host);
        var reloaded = await host.Provider.GetPriceBookAsync();

        Assert.Same(first, withinDelay);
        Assert.Equal(2, requestsWithinDelay);
        Assert.Same(first, afterDelay);
        Assert.Equal(3, requests);
        Assert.Equal(0.000002m, InputRate(reloaded));
    }

    [Fact]
    public async Task GetPriceBookAsync_FirstLoadFails_ThrowsTypedAndRetriesAfterTheDelay()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var requests = 0;
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => ++requests == 1
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : PricingTestHost.Json(PricingTestHost.PriceFile));

        var first = await Assert.ThrowsAsync<PriceBookLoadException>(() => host.Provider.GetPriceBookAsync().AsTask());
        var again = await Assert.ThrowsAsync<PriceBookLoadException>(() => host.Provider.GetPriceBookAsync().AsTask());
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var book = await host.Provider.GetPriceBookAsync();

        Assert.Equal(PriceBookLoadFailureKind.HttpStatus, first.Kind);
        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Same(first, again);
        Assert.Equal(2, requests);
        Assert.Equal(3, book.Count);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 3002);
        Assert.Contains("no book is loaded", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPriceBookAsync_ConcurrentFirstCalls_ShareOneLoad()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var requests = 0;
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(async _ =>
        {
            Interlocked.Increment(ref requests);
            arrived.TrySetResult();
            await release.Task;
            return PricingTestHost.Json(PricingTestHost.PriceFile);
        });

        var calls = Enumerable.Range(0, 16).Select(_ => Task.Run(() => host.Provider.GetPriceBookAsync().AsTask())).ToList();
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(50);
        var completedBeforeTheLoad = calls.Count(c => c.IsCompleted);
        release.SetResult();
        var books = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, completedBeforeTheLoad);
        Assert.Equal(1, requests);
        Assert.All(books, book => Assert.Same(books[0], book));
    }

    [Fact]
    public async Task GetPriceBookAsync_OneCallerCancels_TheSharedLoadGoesOn()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Http.Expect(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(async _ =>
        {
            arrived.TrySetResult();
            await release.Task;
            return PricingTestHost.Json(PricingTestHost.PriceFile);
        });
        using var cancel = new CancellationTokenSource();

        var impatient = host.Provider.GetPriceBookAsync(cancel.Token).AsTask();
        var patient = host.Provider.GetPriceBookAsync().AsTask();
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        release.SetResult();
        var book = await patient.WaitAsync(TimeSpan.FromSeconds(30));

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(3, book.Count);
    }

    [Fact]
    public async Task GetPriceBookAsync_Disposed_ThrowsObjectDisposed()
    {
        var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var provider = host.Provider;
        host.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => provider.GetPriceBookAsync().AsTask());
    }

    [Fact]
    public async Task GetPriceBookAsync_ReloadPending_ReturnsTheOldBookAtOnce()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl, new Dictionary<string, string?> { ["UsageAnalytics:Pricing:RefreshInterval"] = "06:00:00" });
        var server = new GatedPriceServer(host);
        var first = await host.Provider.GetPriceBookAsync();
        host.Time.Advance(TimeSpan.FromHours(6));

        var stale = host.Provider.GetPriceBookAsync();
        await server.ReloadArrived.WaitAsync(TimeSpan.FromSeconds(30));
        var duringReload = host.Provider.GetPriceBookAsync();
        var staleCompletedAtOnce = stale.IsCompletedSuccessfully;
        var duringReloadCompletedAtOnce = duringReload.IsCompletedSuccessfully;
        var staleBook = await stale;
        var duringReloadBook = await duringReload;
        server.Answer(() => PricingTestHost.Json(NewPrices));
        await LoadSettled(host);
        var afterReload = await host.Provider.GetPriceBookAsync();

        Assert.True(staleCompletedAtOnce);
        Assert.True(duringReloadCompletedAtOnce);
        Assert.Same(first, staleBook);
        Assert.Same(first, duringReloadBook);
        Assert.Equal(0.0000025m, InputRate(duringReloadBook));
        Assert.Equal(0.000002m, InputRate(afterReload));
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task GetPriceBookAsync_ReloadFailsWhilePending_KeepsTheOldBookAndWarns()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var server = new GatedPriceServer(host);
        var first = await host.Provider.GetPriceBookAsync();
        host.Time.Advance(TimeSpan.FromDays(1));

        var stale = await host.Provider.GetPriceBookAsync();
        await server.ReloadArrived.WaitAsync(TimeSpan.FromSeconds(30));
        server.Answer(() => new HttpResponseMessage(HttpStatusCode.BadGateway));
        await LoadSettled(host);
        var afterFailure = await host.Provider.GetPriceBookAsync();

        Assert.Same(first, stale);
        Assert.Same(first, afterFailure);
        Assert.Equal(5, server.Requests); // the first load, then the reload and its 3 retries
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 3001);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("(HttpStatus); the book loaded at 08/06/2026 12:00:00 +00:00 stays in use and the reload is tried again after 00:01:00", warning.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 502 (BadGateway)", warning.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, Assert.IsType<PriceBookLoadException>(warning.Exception).StatusCode);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id == 3002);
    }

    [Fact]
    public async Task GetPriceBookAsync_ConcurrentCallsDuringAReload_StartOneReload()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var server = new GatedPriceServer(host);
        var first = await host.Provider.GetPriceBookAsync();
        host.Time.Advance(TimeSpan.FromDays(1));

        var calls = Enumerable.Range(0, 32).Select(_ => Task.Run(() => host.Provider.GetPriceBookAsync().AsTask())).ToList();
        var books = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));
        await server.ReloadArrived.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(50);
        var requestsDuringReload = server.Requests;
        server.Answer(() => PricingTestHost.Json(NewPrices));
        await LoadSettled(host);
        var afterReload = await host.Provider.GetPriceBookAsync();

        Assert.All(books, book => Assert.Same(first, book));
        Assert.Equal(2, requestsDuringReload);
        Assert.Equal(2, server.Requests);
        Assert.Equal(0.000002m, InputRate(afterReload));
    }

    [Fact]
    public async Task GetPriceBookAsync_CallerThatStartedTheReloadCancels_TheReloadGoesOn()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var server = new GatedPriceServer(host);
        await host.Provider.GetPriceBookAsync();
        host.Time.Advance(TimeSpan.FromDays(1));
        using var cancel = new CancellationTokenSource();

        await host.Provider.GetPriceBookAsync(cancel.Token);
        await server.ReloadArrived.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();
        server.Answer(() => PricingTestHost.Json(NewPrices));
        await LoadSettled(host);
        var afterReload = await host.Provider.GetPriceBookAsync();

        Assert.Equal(0.000002m, InputRate(afterReload));
        Assert.Equal(2, host.Logs.GetSnapshot().Count(r => r.Id.Id == 3000));
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id == 3001);
    }

    [Fact]
    public async Task GetPriceBookAsync_FirstLoadPending_CallersWaitForIt()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var server = new GatedPriceServer(host, gateFirstLoad: true);

        var first = host.Provider.GetPriceBookAsync().AsTask();
        await server.ReloadArrived.WaitAsync(TimeSpan.FromSeconds(30));
        var second = host.Provider.GetPriceBookAsync().AsTask();
        await Task.Delay(50);
        var completedBeforeTheLoad = first.IsCompleted || second.IsCompleted;
        server.Answer(() => PricingTestHost.Json(PricingTestHost.PriceFile));
        var books = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(completedBeforeTheLoad);
        Assert.Same(books[0], books[1]);
        Assert.Equal(0.0000025m, InputRate(books[0]));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Dispose_DuringAReload_StopsItAndPublishesAndLogsNothingMore()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var server = new GatedPriceServer(host);
        var provider = (PriceBookProvider)host.Provider;
        await provider.GetPriceBookAsync();
        host.Time.Advance(TimeSpan.FromDays(1));
        await provider.GetPriceBookAsync();
        await server.ReloadArrived.WaitAsync(TimeSpan.FromSeconds(30));

        provider.Dispose();
        await provider.LoadSettled.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 3000);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id is 3001 or 3002);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => provider.GetPriceBookAsync().AsTask());
    }

    [Fact]
    public async Task Dispose_DuringTheFirstLoad_WaitingCallersGetObjectDisposed()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var server = new GatedPriceServer(host, gateFirstLoad: true);
        var provider = (PriceBookProvider)host.Provider;

        var waiting = provider.GetPriceBookAsync().AsTask();
        await server.ReloadArrived.WaitAsync(TimeSpan.FromSeconds(30));
        provider.Dispose();
        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        await provider.LoadSettled.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("disposed while the price book was loading", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id is 3000 or 3001 or 3002);
    }

    [Fact]
    public async Task GetPriceBookAsync_FirstLoadFailsAfterItsOnlyCallerGaveUp_TheFailureIsObserved()
    {
        const string url = "https://prices.test/unobserved/model_prices_and_context_window.json";
        var unobserved = new List<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> record = (_, e) =>
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x is PriceBookLoadException { Location: url }))
            {
                lock (unobserved)
                {
                    unobserved.Add(e.Exception);
                }
            }
        };
        TaskScheduler.UnobservedTaskException += record;
        try
        {
            await FailFirstLoadWithNobodyWaitingAsync(url);
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= record;
        }

        Assert.Empty(unobserved);
    }

    [Fact]
    public async Task GetPriceBookAsync_ReloadWhoseWarningThrows_TheFailureIsObservedAndTheOldBookKept()
    {
        const string url = "https://prices.test/throwing-logger/model_prices_and_context_window.json";
        var unobserved = new List<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> record = (_, e) =>
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x.ToString().Contains(ThrowingWarningLoggerProvider.Text, StringComparison.Ordinal)))
            {
                lock (unobserved)
                {
                    unobserved.Add(e.Exception);
                }
            }
        };
        TaskScheduler.UnobservedTaskException += record;
        try
        {
            await ReloadWithThrowingWarningAsync(url);
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= record;
        }

        Assert.Empty(unobserved);
    }

    /// <summary>Kept out of the test method so that nothing the test holds keeps the load's task alive.</summary>
    private static async Task FailFirstLoadWithNobodyWaitingAsync(string url)
    {
        using var host = PricingTestHost.Create(url);
        var server = new GatedPriceServer(host, gateFirstLoad: true, url);
        using var cancel = new CancellationTokenSource();

        var impatient = host.Provider.GetPriceBookAsync(cancel.Token).AsTask();
        await server.ReloadArrived.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        server.Answer(() => new HttpResponseMessage(HttpStatusCode.NotFound));
        await LoadSettled(host);

        var failure = await Assert.ThrowsAsync<PriceBookLoadException>(() => host.Provider.GetPriceBookAsync().AsTask());
        Assert.Equal(HttpStatusCode.NotFound, failure.StatusCode);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 3002);
    }

    /// <summary>Kept out of the test method so that nothing the test holds keeps the reload's task alive.</summary>
    private static async Task ReloadWithThrowingWarningAsync(string url)
    {
        using var host = PricingTestHost.Create(url, configureServices: services => services.AddLogging(logging => logging.AddProvider(new ThrowingWarningLoggerProvider())));
        var server = new GatedPriceServer(host, gateFirstLoad: false, url);
        var first = await host.Provider.GetPriceBookAsync();
        host.Time.Advance(TimeSpan.FromDays(1));

        await host.Provider.GetPriceBookAsync();
        await server.ReloadArrived.WaitAsync(TimeSpan.FromSeconds(30));
        server.Answer(() => new HttpResponseMessage(HttpStatusCode.NotFound));
        await LoadSettled(host);

        Assert.Same(first, await host.Provider.GetPriceBookAsync());
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 3001);
    }

    /// <summary>
    /// A controllable price server: the first request gets the small price file at once (unless gated), every later
    /// one waits until the test calls <see cref="Answer"/> and then gets the response it gives.
    /// </summary>
    private sealed class GatedPriceServer
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<Func<HttpResponseMessage>> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _requests;

        public GatedPriceServer(PricingTestHost host, bool gateFirstLoad = false, string url = PricingTestHost.PriceFileUrl)
        {
            host.Http.When(HttpMethod.Get, url).Respond(async _ =>
            {
                if (Interlocked.Increment(ref _requests) == 1 && !gateFirstLoad)
                {
                    return PricingTestHost.Json(PricingTestHost.PriceFile);
                }

                _arrived.TrySetResult();
                return (await _answer.Task.ConfigureAwait(false))();
            });
        }

        /// <summary>Completes when the first gated request (the reload, or the first load when gated) reaches the server.</summary>
        public Task ReloadArrived => _arrived.Task;

        public int Requests => Volatile.Read(ref _requests);

        public void Answer(Func<HttpResponseMessage> response) => _answer.SetResult(response);
    }

    /// <summary>A logger whose Warning records throw, as a broken logging sink might.</summary>
    private sealed class ThrowingWarningLoggerProvider : ILoggerProvider, ILogger
    {
        public const string Text = "the warning sink is broken (test)";

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning && eventId.Id == 3001)
            {
                throw new InvalidOperationException(Text);
            }
        }

        public void Dispose()
        {
        }
    }
}
