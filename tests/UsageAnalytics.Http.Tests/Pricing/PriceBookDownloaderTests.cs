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
            Content = new StreamContent(new UnseekableStream(File.OpenRead(path))),
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
        var body = new EndlessJsonStream();
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
        var body = new StallingStream("{\"gpt-4o\": {\"input_cost_per_token\": ");
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
        var body = new StallingStream("{");
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

    /// <summary>A file as a network body: read forward only, so no Content-Length is known.</summary>
    private sealed class UnseekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A body of unknown length that never ends: <c>{"a": "aaaa…</c>; counts what it served.</summary>
    private sealed class EndlessJsonStream : Stream
    {
        private static readonly byte[] Head = Encoding.ASCII.GetBytes("{\"a\": \"");

        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = Served + i < Head.Length ? Head[Served + i] : (byte)'a';
            }

            Served += buffer.Length;
            return buffer.Length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A body that sends a prefix, then waits for more until its reader's token is canceled.</summary>
    private sealed class StallingStream(string prefix) : Stream
    {
        private readonly byte[] _prefix = Encoding.ASCII.GetBytes(prefix);
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;

        public Task Stalled => _stalled.Task;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < _prefix.Length)
            {
                var count = Math.Min(buffer.Length, _prefix.Length - _position);
                _prefix.AsMemory(_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }

            _stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
