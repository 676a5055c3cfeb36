using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.Pricing;

public sealed class PriceBookDownloaderTests
{
    private static PriceBookDownloader Downloader(PricingTestHost host) => host.Services.GetRequiredService<PriceBookDownloader>();

    [Fact]
    public async Task LoadAsync_PriceFile_ReadsItWithoutSendingAnyCredential()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        HttpRequestMessage? seen = null;
        host.Http.Expect(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(request =>
        {
            seen = request;
            return PricingTestHost.Json(PricingTestHost.PriceFile);
        });

        var book = await Downloader(host).LoadAsync(new Uri(PricingTestHost.PriceFileUrl));

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(3, book.Count);
        Assert.Equal(0.0000025m, book.FindModel("gpt-4o")!.Rates["input_cost_per_token"]);
        Assert.NotNull(seen);
        Assert.Null(seen.Headers.Authorization);
        Assert.False(seen.Headers.Contains("x-litellm-api-key"));
    }

    [SharedDataFact("litellm/model_prices_2026-07-24.json")]
    public async Task LoadAsync_FullCatalogStreamedWithoutLength_ReadsEveryEntry()
    {
        var path = SharedData.PathOf("litellm/model_prices_2026-07-24.json");
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new TestStreams.UnseekableStream(File.OpenRead(path))),
        });

        var book = await Downloader(host).LoadAsync(new Uri(PricingTestHost.PriceFileUrl));

        Assert.Equal(PriceBook.LoadFile(path).Count, book.Count);
        Assert.True(book.Count > 2900, $"{book.Count} models");
        Assert.Equal(0.0000025m, book.FindModel("gpt-4o")!.Rates["input_cost_per_token"]);
    }

    [Fact]
    public async Task LoadAsync_ServerErrorOnce_IsRetried()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        host.Http.Expect(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(HttpStatusCode.ServiceUnavailable);
        host.Http.Expect(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => PricingTestHost.Json(PricingTestHost.PriceFile));

        var book = await Downloader(host).LoadAsync(new Uri(PricingTestHost.PriceFileUrl));

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(3, book.Count);
    }

    [Fact]
    public async Task LoadAsync_NotFound_ThrowsHttpStatusQuotingTheStatusAndUrl()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(HttpStatusCode.NotFound, "text/plain", "404: Not Found");

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => Downloader(host).LoadAsync(new Uri(PricingTestHost.PriceFileUrl)));

        Assert.Equal(PriceBookLoadFailureKind.HttpStatus, error.Kind);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(PricingTestHost.PriceFileUrl, error.Location);
        Assert.Equal($"The price file at {PricingTestHost.PriceFileUrl} could not be read: the server answered HTTP 404 (NotFound).", error.Message);
    }

    [Fact]
    public async Task LoadAsync_UrlWithCredentials_NeverShowsThemInTheError()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        host.Http.Fallback.Respond(HttpStatusCode.Forbidden);

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(
            () => Downloader(host).LoadAsync(new Uri("https://bob:pa55word@prices.test/private.json?token=ghp_SECRET123#x")));

        Assert.Equal("https://prices.test/private.json?…", error.Location);
        Assert.DoesNotContain("SECRET", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pa55word", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_DeclaredLengthOverTheCap_ThrowsTooLarge()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl, new Dictionary<string, string?> { ["UsageAnalytics:Pricing:MaxResponseBytes"] = "1024" });
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => PricingTestHost.Json("{" + new string(' ', 2000) + "}"));

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => Downloader(host).LoadAsync(new Uri(PricingTestHost.PriceFileUrl)));

        Assert.Equal(PriceBookLoadFailureKind.ResponseTooLarge, error.Kind);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("larger than UsageAnalytics:Pricing:MaxResponseBytes (1024 bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_EndlessBodyWithoutLength_StopsReadingAtTheCap()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl, new Dictionary<string, string?> { ["UsageAnalytics:Pricing:MaxResponseBytes"] = "65536" });
        var body = new TestStreams.EndlessJsonStream();
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => Downloader(host).LoadAsync(new Uri(PricingTestHost.PriceFileUrl)));

        Assert.Equal(PriceBookLoadFailureKind.ResponseTooLarge, error.Kind);
        Assert.True(body.Served < 65536 + (256 * 1024), $"served {body.Served} bytes");
    }

    [Theory]
    [InlineData("not json at all", "application/json", "is not a LiteLLM price file: ")]
    [InlineData("<!DOCTYPE html><html><body>Sign in</body></html>", "text/html", "is not a LiteLLM price file (the server sent HTML")]
    [InlineData("[1, 2, 3]", "application/json", "is not a LiteLLM price file: ")]
    [InlineData("""{"gpt-4o": {"input_cost_per_token": -1}}""", "application/json", "gpt-4o")]
    public async Task LoadAsync_NotAPriceFile_ThrowsMalformedWithTheFormatError(string content, string mediaType, string expected)
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(mediaType, content);

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => Downloader(host).LoadAsync(new Uri(PricingTestHost.PriceFileUrl)));

        Assert.Equal(PriceBookLoadFailureKind.Malformed, error.Kind);
        Assert.IsType<PriceBookFormatException>(error.InnerException);
        Assert.StartsWith($"The price file at {PricingTestHost.PriceFileUrl} ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_BodyStalls_TimesOutAfterTimeoutSeconds()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl, new Dictionary<string, string?> { ["UsageAnalytics:Pricing:TimeoutSeconds"] = "20" });
        var body = new TestStreams.StallingStream("{\"gpt-4o\": {\"input_cost_per_token\": ");
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });

        var load = Downloader(host).LoadAsync(new Uri(PricingTestHost.PriceFileUrl));
        await body.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
        host.Time.Advance(TimeSpan.FromSeconds(21));
        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => load.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(PriceBookLoadFailureKind.Timeout, error.Kind);
        Assert.Contains("no complete answer arrived within UsageAnalytics:Pricing:TimeoutSeconds (20 s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_ConnectionFails_ThrowsNetwork()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Throw(new HttpRequestException(HttpRequestError.NameResolutionError, "No such host is known. (prices.test:443)"));

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => Downloader(host).LoadAsync(new Uri(PricingTestHost.PriceFileUrl)));

        Assert.Equal(PriceBookLoadFailureKind.Network, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.Contains("the connection failed (NameResolutionError)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        var body = new TestStreams.StallingStream("{");
        host.Http.When(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
        using var cancel = new CancellationTokenSource();

        var load = Downloader(host).LoadAsync(new Uri(PricingTestHost.PriceFileUrl), cancel.Token);
        await body.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => load.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("/relative/prices.json")]
    [InlineData("ftp://prices.test/prices.json")]
    [InlineData("file:///etc/prices.json")]
    public async Task LoadAsync_NotAnHttpUrl_ThrowsArgumentException(string url)
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);

        await Assert.ThrowsAsync<ArgumentException>(() => Downloader(host).LoadAsync(new Uri(url, UriKind.RelativeOrAbsolute)));
    }
}
