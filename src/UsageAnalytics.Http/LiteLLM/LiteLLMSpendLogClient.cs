using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Reads LiteLLM's spend log over HTTP: a typed <see cref="HttpClient"/> registered by <c>AddUsageAnalytics</c>
/// with the standard resilience handler (retries with jittered backoff on 408, 429 and 5xx honouring
/// <c>Retry-After</c> up to <c>UsageAnalytics:LiteLLM:MaxRetryAfter</c>, a circuit breaker, and a total timeout of
/// <c>UsageAnalytics:LiteLLM:TimeoutSeconds</c> that covers the response body as well as its headers).
/// </summary>
/// <remarks>
/// <para>
/// Every request to the configured <c>BaseUrl</c>'s origin carries the key as <c>Authorization: Bearer</c> and
/// <c>x-litellm-api-key</c>, added by a message handler on the typed client (never to another host). The key never appears
/// in a log record, an exception message or <see cref="object.ToString"/>.
/// </para>
/// <para>
/// Against <c>/spend/logs/v2</c> (the default) every request sends the date window LiteLLM requires, as UTC
/// <c>yyyy-MM-dd HH:mm:ss</c>. Against the deprecated v1 path (one ending in <c>/spend/logs</c>) a lookup sends
/// <c>request_id</c> alone, and <see cref="ListAsync(SpendLogQuery, CancellationToken)"/> is not supported.
/// </para>
/// </remarks>
public sealed partial class LiteLLMSpendLogClient : ISpendLogClient
{
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss";

    private readonly HttpClient _httpClient;
    private readonly UsageAnalyticsOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="LiteLLMSpendLogClient"/> class.</summary>
    /// <param name="httpClient">The HTTP client; its resilience pipeline owns retries and timeouts.</param>
    /// <param name="options">The UsageAnalytics options (validated on start by <c>AddUsageAnalytics</c>).</param>
    /// <param name="logger">The logger of failures (at Warning, with the status, never the key).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (the message names the configuration key to fix).</exception>
    public LiteLLMSpendLogClient(HttpClient httpClient, IOptions<UsageAnalyticsOptions> options, ILogger<LiteLLMSpendLogClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClient = httpClient;
        _options = UsageAnalyticsOptionsValidator.EnsureValid(options.Value, nameof(options));
        _logger = logger;
    }

    private LiteLLMOptions LiteLLM => _options.LiteLLM;

    private string Path => LiteLLM.SpendLogPath;

    private bool IsV1 => IsV1Path(LiteLLM.SpendLogPath);

    /// <summary>Looks up the spend-log row of one request.</summary>
    /// <param name="requestId">
    /// The row's request id (<c>request_id</c>, the provider's response id) or LiteLLM's call id (<c>litellm_call_id</c>,
    /// the <c>x-litellm-call-id</c> response header).
    /// </param>
    /// <param name="around">
    /// When the request was made; on v2 the lookup window is this instant ± <c>UsageAnalytics:LiteLLM:LookupMargin</c>
    /// (default 1 hour each side).
    /// </param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>
    /// The row whose request id or LiteLLM call id equals <paramref name="requestId"/> (see <see cref="LookupAsync"/>); <see langword="null"/> when LiteLLM has none
    /// (<c>data: []</c>, <c>[]</c>, <c>[null]</c>), on an HTTP error status, a timeout, a network failure, an open
    /// circuit, an oversized or malformed response, or when UsageAnalytics is disabled. Failures are logged at
    /// Warning with the status; they are never thrown. Use <see cref="LookupAsync"/> to tell "not there" from "failed".
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> is <see langword="null"/>, empty or blank.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<SpendLogEntry?> FetchAsync(string requestId, DateTimeOffset around, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        if (!_options.Enabled)
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var safeId = LogText.Safe(requestId);
                Log.FetchDisabled(_logger, safeId);
            }

            return null;
        }

        return (await LookupCoreAsync(requestId, around, cancellationToken).ConfigureAwait(false)).Entry;
    }

    /// <summary>Looks up the spend-log row of one request, telling "found", "not there (yet)" and "failed" apart.</summary>
    /// <param name="requestId">
    /// The row's request id (<c>request_id</c>, the provider's response id) or LiteLLM's call id (<c>litellm_call_id</c>,
    /// the <c>x-litellm-call-id</c> response header).
    /// </param>
    /// <param name="around">
    /// When the request was made; on v2 the lookup window is this instant ± <c>UsageAnalytics:LiteLLM:LookupMargin</c>
    /// (default 1 hour each side).
    /// </param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>
    /// <see cref="SpendLogLookupStatus.Found"/> with the well-formed row whose request id equals
    /// <paramref name="requestId"/>, else the first whose LiteLLM call id (<see cref="SpendLogEntry.LiteLLMCallId"/>)
    /// does: newer proxies match a <c>request_id</c> lookup against <c>litellm_call_id</c> too and answer with the row
    /// keyed by the provider's id (LiteLLM PR 39068), so <see cref="SpendLogLookup.Entry"/>'s request id may differ from
    /// <paramref name="requestId"/>. <see cref="SpendLogLookupStatus.NotFound"/> when LiteLLM answers cleanly without it
    /// (<c>data: []</c>, <c>data: null</c>, <c>[]</c>, <c>[null]</c>, or only rows of other requests).
    /// <see cref="SpendLogLookupStatus.Failed"/> otherwise, after the resilience pipeline's retries (a success answer whose
    /// body is cut off or not a spend-log answer is retried like a 5xx): an HTTP error
    /// status (<see cref="SpendLogFailureKind.HttpStatus"/>, with <see cref="SpendLogLookup.RetryAfter"/> when the server
    /// asked for a delay; one longer than <c>UsageAnalytics:LiteLLM:MaxRetryAfter</c> fails at once), a redirect, never
    /// followed (<see cref="SpendLogFailureKind.Redirected"/>), a timeout (body included), a network failure, an open circuit, a
    /// response over <c>UsageAnalytics:LiteLLM:MaxResponseBytes</c>, or a malformed response
    /// (<see cref="SpendLogFailureKind.MalformedResponse"/> for an unreadable body,
    /// <see cref="SpendLogFailureKind.MalformedSpendLog"/> for an unusable row).
    /// </returns>
    /// <remarks>
    /// <para>
    /// A malformed row in an otherwise readable response fails the lookup when it is the request's own row (its
    /// <c>request_id</c>, or its <c>litellm_call_id</c> column or <c>metadata.litellm_call_id</c>, can be read and
    /// matches) or when its request id cannot be read at all and no well-formed row matches: the requested row may be that one, so its absence cannot be claimed. Malformed rows of other requests
    /// are ignored. Every failure is logged at Warning with the status, never with the key; failures are returned,
    /// never thrown.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> is <see langword="null"/>, empty or blank.</exception>
    /// <exception cref="InvalidOperationException">UsageAnalytics is disabled (<c>UsageAnalytics:Enabled</c> is false).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task<SpendLogLookup> LookupAsync(string requestId, DateTimeOffset around, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        if (!_options.Enabled)
        {
            throw new InvalidOperationException("UsageAnalytics is disabled (UsageAnalytics:Enabled is false); spend logs cannot be looked up.");
        }

        return LookupCoreAsync(requestId, around, cancellationToken);
    }

    private async Task<SpendLogLookup> LookupCoreAsync(string requestId, DateTimeOffset around, CancellationToken cancellationToken)
    {
        var query = new List<KeyValuePair<string, string?>> { new("request_id", requestId) };
        if (!IsV1)
        {
            var margin = LiteLLM.LookupMargin;
            query.Add(new("start_date", FormatDate(SafeAdd(around, -margin), roundUp: false)));
            query.Add(new("end_date", FormatDate(SafeAdd(around, margin), roundUp: true)));
        }

        SpendLogPage page;
        try
        {
            using var request = CreateRequest(query);
            using var response = await _httpClient
                .SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var failure = await DescribeStatusAsync(response, pageSize: null, cancellationToken).ConfigureAwait(false);
                Log.FetchFailedStatus(_logger, LogText.Safe(requestId), LogText.Safe(Path), status, failure.Detail);
                return SpendLogLookup.Failed(
                    failure.Kind,
                    string.Create(CultureInfo.InvariantCulture, $"LiteLLM answered HTTP {status} ({response.StatusCode}) at {LogText.Safe(Path)}: {Sentence(failure.Detail)}"),
                    response.StatusCode) with { RetryAfter = failure.RetryAfter };
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

            try
            {
                page = SpendLogPage.Parse(body);
            }
            catch (Exception ex) when (ex is JsonException or SpendLogFormatException)
            {
                var reason = LogText.Safe(ex.Message);
                Log.ResponseMalformed(_logger, LogText.Safe(Path), status, reason);
                return SpendLogLookup.Failed(
                    SpendLogFailureKind.MalformedResponse,
                    string.Create(CultureInfo.InvariantCulture, $"The response from {LogText.Safe(Path)} was malformed: {reason}"),
                    response.StatusCode);
            }

            LogSkippedRows(page, status);

            return Match(page, requestId, response.StatusCode);
        }
        catch (LiteLLMMalformedBodyException ex)
        {
            // Still malformed after the pipeline's retries (LiteLLMResponseBufferHandler validates every success body).
            var reason = LogText.Safe(ex.Reason);
            Log.ResponseMalformed(_logger, LogText.Safe(Path), (int)(ex.StatusCode ?? 0), reason);
            return SpendLogLookup.Failed(
                SpendLogFailureKind.MalformedResponse,
                string.Create(CultureInfo.InvariantCulture, $"The response from {LogText.Safe(Path)} was malformed: {reason}"),
                ex.StatusCode);
        }
        catch (HttpRequestException ex) when (IsTooLarge(ex))
        {
            Log.ResponseTooLarge(_logger, LogText.Safe(Path), LiteLLM.MaxResponseBytes);
            return SpendLogLookup.Failed(
                SpendLogFailureKind.ResponseTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The response from {LogText.Safe(Path)} was larger than {LiteLLM.MaxResponseBytes} bytes."));
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            var kind = FailureKind(ex);
            Log.FetchFailedTransport(_logger, LogText.Safe(requestId), LogText.Safe(Path), kind, ex);
            return SpendLogLookup.Failed(
                TransportFailureKind(ex),
                string.Create(CultureInfo.InvariantCulture, $"The lookup at {LogText.Safe(Path)} got no response: {kind}."));
        }
    }

    private HttpRequestMessage CreateRequest(List<KeyValuePair<string, string?>> parameters)
    {
        var url = new StringBuilder(LiteLLM.BaseUrl!.TrimEnd('/'));
        url.Append('/').Append(Path.TrimStart('/'));
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            url.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        // The key headers are added by LiteLLMApiKeyHandler on the typed client, and only for the BaseUrl's origin.
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url.ToString(), UriKind.Absolute));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Options.Set(LiteLLMResponseBufferHandler.ValidateBody, true);
        return request;
    }
}
