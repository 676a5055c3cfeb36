using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace UsageAnalytics.Pricing;

/// <summary>
/// Loads a price book from a URL serving a file in LiteLLM's price format (for example the raw GitHub URL of
/// <c>model_prices_and_context_window.json</c>), parsing the body as it streams in, with a size cap and an overall
/// timeout. Registered by <c>AddPriceBook</c> on the HTTP client named <see cref="HttpClientName"/>, with the standard
/// resilience handler (retries on 408, 429 and 5xx).
/// </summary>
/// <remarks>
/// No API key or other credential is ever sent: the price file is public data, often on another host than the proxy.
/// Messages show the URL without its user info, query or fragment.
/// </remarks>
public sealed class PriceBookDownloader
{
    /// <summary>The name of the HTTP client the downloader uses: <c>UsageAnalytics.PriceBook</c> (to add handlers or swap the transport).</summary>
    public const string HttpClientName = "UsageAnalytics.PriceBook";

    private const string What = "The price file";

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly long _maxResponseBytes;

    /// <summary>Initializes a new instance of the <see cref="PriceBookDownloader"/> class.</summary>
    /// <param name="httpClient">The HTTP client (its resilience pipeline owns retries).</param>
    /// <param name="options">
    /// The pricing options; <see cref="PriceBookOptions.TimeoutSeconds"/> and <see cref="PriceBookOptions.MaxResponseBytes"/>
    /// are used (<see cref="PriceBookOptions.Source"/> is not needed here).
    /// </param>
    /// <param name="timeProvider">The clock of the overall timeout.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The timeout or the size cap is out of range (the message names the key).</exception>
    public PriceBookDownloader(HttpClient httpClient, IOptions<PriceBookOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var value = options.Value ?? throw new ArgumentException("The options value is null.", nameof(options));
        var invalid = PriceBookOptions.RangeError(value.TimeoutSeconds, 1, 3600, nameof(PriceBookOptions.TimeoutSeconds), "60")
            ?? PriceBookOptions.RangeError(value.MaxResponseBytes, 1024, 1073741824, nameof(PriceBookOptions.MaxResponseBytes), "33554432");
        if (invalid is not null)
        {
            throw new ArgumentException(invalid.ErrorMessage, nameof(options));
        }

        _httpClient = httpClient;
        _timeProvider = timeProvider;
        _timeout = TimeSpan.FromSeconds(value.TimeoutSeconds);
        _maxResponseBytes = value.MaxResponseBytes;
    }

    /// <summary>Downloads and reads a LiteLLM price file.</summary>
    /// <param name="url">The file's absolute http(s) URL.</param>
    /// <param name="cancellationToken">A token that cancels the load.</param>
    /// <returns>The price book the file describes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http(s) URL.</exception>
    /// <exception cref="PriceBookLoadException">
    /// The server answered a status that is not a success (<see cref="PriceBookLoadFailureKind.HttpStatus"/>, after the
    /// retries); the body is over <c>UsageAnalytics:Pricing:MaxResponseBytes</c>
    /// (<see cref="PriceBookLoadFailureKind.ResponseTooLarge"/>; reading stops at the cap); the whole load, body included,
    /// took longer than <c>UsageAnalytics:Pricing:TimeoutSeconds</c> (<see cref="PriceBookLoadFailureKind.Timeout"/>); the
    /// connection failed or the circuit is open; or the body is not a LiteLLM price file
    /// (<see cref="PriceBookLoadFailureKind.Malformed"/>, with the <see cref="PriceBookFormatException"/> naming the model
    /// and field as the inner exception).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<PriceBook> LoadAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The price file's URL must be an absolute http(s) URL.", nameof(url));
        }

        var where = PriceBookSource.DisplayUrl(url);
        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        SizeLimitedStream? body = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _httpClient
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw PriceBookFailures.Status(response.StatusCode, What, where, detail: null);
            }

            if (response.Content.Headers.ContentLength is { } length && length > _maxResponseBytes)
            {
                throw TooLarge(where, response);
            }

            var html = string.Equals(response.Content.Headers.ContentType?.MediaType, "text/html", StringComparison.OrdinalIgnoreCase);
            body = new SizeLimitedStream(await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false), _maxResponseBytes);
            await using (body.ConfigureAwait(false))
            {
                try
                {
                    return await PriceBook.LoadAsync(body, linked.Token).ConfigureAwait(false);
                }
                catch (PriceBookFormatException ex) when (!body.Exceeded)
                {
                    var hint = html ? " (the server sent HTML: a login or error page, or a web page instead of the raw file?)" : string.Empty;
                    throw new PriceBookLoadException(
                        $"{What} at {where} is not a LiteLLM price file{hint}: {LogText.Safe(ex.Message)}",
                        PriceBookLoadFailureKind.Malformed,
                        where,
                        response.StatusCode,
                        ex);
                }
                catch (Exception) when (body.Exceeded)
                {
                    throw TooLarge(where, response);
                }
            }
        }
        catch (Exception ex) when (ex is not PriceBookLoadException && PriceBookFailures.IsTransportFailure(ex, cancellationToken))
        {
            throw PriceBookFailures.Transport(
                ex,
                What,
                where,
                string.Create(CultureInfo.InvariantCulture, $"{PriceBookOptions.SectionName}:TimeoutSeconds ({_timeout.TotalSeconds:0} s)"));
        }
    }

    private PriceBookLoadException TooLarge(string where, HttpResponseMessage response) => new(
        string.Create(CultureInfo.InvariantCulture, $"{What} at {where} is larger than {PriceBookOptions.SectionName}:MaxResponseBytes ({_maxResponseBytes} bytes) and was not read further."),
        PriceBookLoadFailureKind.ResponseTooLarge,
        where,
        response.StatusCode);
}
