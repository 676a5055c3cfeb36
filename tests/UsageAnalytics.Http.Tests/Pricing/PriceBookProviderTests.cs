using System.Net;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace UsageAnalytics.Pricing;

public sealed class PriceBookProviderTests
{
    private const string NewPrices = """{"gpt-4o": {"input_cost_per_token": 2e-06, "output_cost_per_token": 8e-06, "litellm_provider": "openai"}}""";

    private static decimal InputRate(PriceBook book) => book.FindModel("gpt-4o")!.Rates["input_cost_per_token"];

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
    public async Task GetPriceBookAsync_AfterRefreshInterval_LoadsTheNewPrices()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl, new Dictionary<string, string?> { ["UsageAnalytics:Pricing:RefreshInterval"] = "06:00:00" });
        host.Http.Expect(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => PricingTestHost.Json(PricingTestHost.PriceFile));
        host.Http.Expect(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => PricingTestHost.Json(NewPrices));

        var first = await host.Provider.GetPriceBookAsync();
        host.Time.Advance(TimeSpan.FromHours(6));
        var second = await host.Provider.GetPriceBookAsync();

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(0.0000025m, InputRate(first));
        Assert.Equal(0.000002m, InputRate(second));
        Assert.Same(second, await host.Provider.GetPriceBookAsync());
    }

    [Fact]
    public async Task GetPriceBookAsync_RefreshFails_KeepsTheLastGoodBookAndWarns()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var requests = 0;
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => ++requests == 1
            ? PricingTestHost.Json(PricingTestHost.PriceFile)
            : new HttpResponseMessage(HttpStatusCode.InternalServerError));

        var first = await host.Provider.GetPriceBookAsync();
        host.Time.Advance(TimeSpan.FromDays(1));
        var second = await host.Provider.GetPriceBookAsync();

        Assert.Same(first, second);
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
            requests++;
            return failing ? new HttpResponseMessage(HttpStatusCode.NotFound) : PricingTestHost.Json(requests == 1 ? PricingTestHost.PriceFile : NewPrices);
        });
        var first = await host.Provider.GetPriceBookAsync();
        failing = true;
        host.Time.Advance(TimeSpan.FromDays(1));
        await host.Provider.GetPriceBookAsync();
        failing = false;

        host.Time.Advance(TimeSpan.FromSeconds(59));
        var withinDelay = await host.Provider.GetPriceBookAsync();
        var requestsWithinDelay = requests;
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var afterDelay = await host.Provider.GetPriceBookAsync();

        Assert.Same(first, withinDelay);
        Assert.Equal(2, requestsWithinDelay);
        Assert.Equal(3, requests);
        Assert.Equal(0.000002m, InputRate(afterDelay));
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
        release.SetResult();
        var books = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

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
}
