using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.Fuzz;

/// <summary>
/// One table of hostile servers: every case must end a lookup with the stated outcome, a fetch with null, and a
/// listing (ended or thrown <see cref="SpendLogRequestException"/>), each within a time bound, never leaking the key.
/// </summary>
public sealed class HostileServerTests
{
    private static readonly DateTimeOffset Around = new(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(8);

    public static TheoryData<string, string> Cases => new()
    {
        { "redirect-cross-origin", nameof(SpendLogFailureKind.Redirected) },
        { "slow-body", nameof(SpendLogFailureKind.Timeout) },
        { "retry-after-5000000", nameof(SpendLogFailureKind.HttpStatus) },
        { "retry-after-date-far-ahead", nameof(SpendLogFailureKind.HttpStatus) },
        { "endless-pages-of-nulls", nameof(SpendLogLookupStatus.NotFound) },
        { "huge-body-declared", nameof(SpendLogFailureKind.ResponseTooLarge) },
        { "endless-body-undeclared", nameof(SpendLogFailureKind.ResponseTooLarge) },
        // Decision: the client asks for no compression and decompresses nothing, so a gzip bomb stays a few bytes of
        // non-JSON (malformed); a host that turns decompression on still gets at most MaxResponseBytes of it.
        { "gzip-bomb", nameof(SpendLogFailureKind.MalformedResponse) },
        { "gzip-bomb-host-decompresses", nameof(SpendLogFailureKind.ResponseTooLarge) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryCall_HostileServer_EndsInTimeWithExpectedOutcome(string name, string expected)
    {
        await using var scenario = await Scenario.CreateAsync(name);
        var clock = Stopwatch.StartNew();

        var lookup = await scenario.Client.LookupAsync("req-1", Around).WaitAsync(Bound);
        var fetched = await scenario.Client.FetchAsync("req-1", Around).WaitAsync(Bound);
        Exception? listError = null;
        try
        {
            await scenario.Client.ListAsync(new SpendLogQuery { From = Around.AddHours(-1), To = Around.AddHours(1), PageSize = 5 })
                .ToListAsync().AsTask().WaitAsync(Bound);
        }
        catch (SpendLogRequestException ex)
        {
            listError = ex;
        }

        Assert.True(clock.Elapsed < 3 * Bound, $"{name}: {clock.Elapsed}");
        Assert.Equal(expected, lookup.Status == SpendLogLookupStatus.Failed ? lookup.FailureKind.ToString() : lookup.Status.ToString());
        Assert.Null(fetched);
        if (lookup.Status == SpendLogLookupStatus.Failed)
        {
            Assert.NotNull(listError);
        }

        Assert.DoesNotContain(SpendLogTestHost.ApiKey, scenario.LogText() + lookup.Message + listError?.Message, StringComparison.Ordinal);
    }

    private sealed class Scenario : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> _servers = [];
        private SpendLogTestHost? _mock;
        private RealTransportHost? _real;

        public ISpendLogClient Client => _mock?.Client ?? _real!.Client;

        public string LogText() => _mock?.AllLogText() ?? string.Join('\n', _real!.Logs.GetSnapshot().Select(r => r.Message + r.Exception));

        public static async Task<Scenario> CreateAsync(string name)
        {
            var scenario = new Scenario();
            switch (name)
            {
                case "redirect-cross-origin":
                    var other = scenario.Serve(static (_, s, ct) => RawHttpServer.WriteAsync(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]", ct));
                    var proxy = scenario.Serve((_, s, ct) => RawHttpServer.WriteAsync(s, $"HTTP/1.1 307 Temporary Redirect\r\nLocation: {other.BaseUrl}/x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct));
                    scenario._real = RealTransportHost.Create(proxy.BaseUrl);
                    break;
                case "slow-body":
                    scenario._real = RealTransportHost.Create(scenario.Serve(LiteLLMSpendLogClientHostileServerTests.DribbleBodyAsync).BaseUrl, timeoutSeconds: 1);
                    break;
                case "retry-after-5000000":
                    scenario.Mock(_ => RetryAfter("5000000"));
                    break;
                case "retry-after-date-far-ahead":
                    scenario.Mock(_ => RetryAfter("Fri, 31 Dec 9999 23:59:59 GMT"));
                    break;
                case "endless-pages-of-nulls":
                    scenario.Mock(_ => Json("""{"data": [null, null, null, null, null]}"""));
                    break;
                case "huge-body-declared":
                    scenario.Mock(_ => Json(SpendLogJson.Envelope(SpendLogJson.Rows("big-", 0, 100))), maxBytes: 2048);
                    break;
                case "endless-body-undeclared":
                    scenario.Mock(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream()) }, maxBytes: 2048);
                    break;
                case "gzip-bomb":
                case "gzip-bomb-host-decompresses":
                    var bomb = GzipBomb();
                    var server = scenario.Serve((_, s, ct) => WriteGzipAsync(s, bomb, ct));
                    scenario._real = RealTransportHost.Create(
                        server.BaseUrl,
                        overrides: new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:MaxResponseBytes"] = "65536" },
                        configureBuilder: name.EndsWith("decompresses", StringComparison.Ordinal)
                            ? b => b.HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(static (h, _) => ((SocketsHttpHandler)h).AutomaticDecompression = DecompressionMethods.All)
                            : null);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(name), name, null);
            }

            await Task.Yield();
            return scenario;
        }

        public async ValueTask DisposeAsync()
        {
            _mock?.Dispose();
            _real?.Dispose();
            foreach (var server in _servers)
            {
                await server.DisposeAsync();
            }
        }

        private RawHttpServer Serve(Func<string, Stream, CancellationToken, Task> respond)
        {
            var server = new RawHttpServer(respond);
            _servers.Add(server);
            return server;
        }

        private void Mock(Func<HttpRequestMessage, HttpResponseMessage> respond, long? maxBytes = null)
        {
            var overrides = new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:TimeoutSeconds"] = "5" };
            if (maxBytes is { } max)
            {
                overrides["UsageAnalytics:LiteLLM:MaxResponseBytes"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            _mock = SpendLogTestHost.Create(overrides);
            _mock.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(respond);
        }

        private static HttpResponseMessage Json(string body) =>
            new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        private static HttpResponseMessage RetryAfter(string value)
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.TryAddWithoutValidation("Retry-After", value);
            return response;
        }

        /// <summary>16 MiB of spaces, gzipped to a few kilobytes.</summary>
        private static byte[] GzipBomb()
        {
            using var packed = new MemoryStream();
            using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize))
            {
                var spaces = new byte[1024 * 1024];
                spaces.AsSpan().Fill((byte)' ');
                for (var i = 0; i < 16; i++)
                {
                    gzip.Write(spaces);
                }
            }

            return packed.ToArray();
        }

        private static async Task WriteGzipAsync(Stream stream, byte[] bomb, CancellationToken cancellationToken)
        {
            await RawHttpServer.WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {bomb.Length}\r\nConnection: close\r\n\r\n", cancellationToken);
            await stream.WriteAsync(bomb, cancellationToken);
        }
    }

    /// <summary>A body that never ends and declares no length.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
