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

/// <content>Listing spend logs over a time window, page by page.</content>
public sealed partial class LiteLLMSpendLogClient
{
    /// <summary>How many full pages in a row may add no new usable row before a listing ends: 3.</summary>
    private const int MaxBarrenPages = 3;

    /// <summary>Lists the spend-log rows that match a query, page by page, each request id at most once.</summary>
    /// <param name="query">The time window and filters.</param>
    /// <param name="cancellationToken">A token that cancels the listing.</param>
    /// <returns>The matching rows, streamed as pages arrive.</returns>
    /// <remarks>
    /// <para>
    /// Pages are requested with <c>page_size</c> = <see cref="SpendLogQuery.PageSize"/> or
    /// <c>UsageAnalytics:LiteLLM:PageSize</c> (default 100), from page 1 until a page comes back shorter than that;
    /// <c>total</c> and <c>total_pages</c> are ignored because LiteLLM caps them at 10,000. A request id already
    /// yielded (rows shift between pages while new ones arrive) is not yielded again; a full page of nothing but
    /// such repeats ends the listing, and so do three full pages in a row that add no new usable row (only
    /// <c>null</c> items, malformed rows or repeats), so a proxy that ignores <c>page</c> cannot loop it forever; either
    /// stop is logged at Warning.
    /// </para>
    /// <para>
    /// Malformed rows are skipped and logged at Warning, once per page with their count; the listing goes on. A page that fails after the resilience
    /// pipeline's retries (HTTP error, timeout, network failure, oversized or malformed body) ends the listing with
    /// a <see cref="SpendLogRequestException"/>; rows already yielded stay yielded. A redirect is never followed (kind
    /// <see cref="SpendLogFailureKind.Redirected"/>), and a <c>Retry-After</c> longer than
    /// <c>UsageAnalytics:LiteLLM:MaxRetryAfter</c> fails the page at once (kind <see cref="SpendLogFailureKind.HttpStatus"/>,
    /// with <see cref="SpendLogRequestException.RetryAfter"/>). Every page, body included, must arrive within the total
    /// request timeout.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="SpendLogQuery.To"/> is before <see cref="SpendLogQuery.From"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SpendLogQuery.PageSize"/> is not between 1 and 1000.</exception>
    /// <exception cref="InvalidOperationException">UsageAnalytics is disabled (<c>UsageAnalytics:Enabled</c> is false).</exception>
    /// <exception cref="NotSupportedException">The configured path is LiteLLM's v1 endpoint, which does not page rows.</exception>
    /// <exception cref="SpendLogRequestException">A page could not be read (after retries).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public IAsyncEnumerable<SpendLogEntry> ListAsync(SpendLogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.To < query.From)
        {
            throw new ArgumentException("The query's To must not be before its From.", nameof(query));
        }

        if (query.PageSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(query));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 1000, nameof(query));
        }

        if (!_options.Enabled)
        {
            throw new InvalidOperationException("UsageAnalytics is disabled (UsageAnalytics:Enabled is false); spend logs cannot be listed.");
        }

        if (IsV1)
        {
            throw new NotSupportedException(
                "Listing needs LiteLLM's paged /spend/logs/v2 endpoint; UsageAnalytics:LiteLLM:SpendLogPath names the v1 endpoint.");
        }

        return ListCoreAsync(query, query.PageSize ?? LiteLLM.PageSize, cancellationToken);
    }

    private async IAsyncEnumerable<SpendLogEntry> ListCoreAsync(
        SpendLogQuery query,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var barrenPages = 0;
        for (var pageNumber = 1; ; pageNumber++)
        {
            var page = await FetchPageAsync(query, pageNumber, pageSize, cancellationToken).ConfigureAwait(false);
            var repeats = 0;
            foreach (var row in page.Rows)
            {
                if (seen.Add(row.RequestId))
                {
                    yield return row;
                }
                else
                {
                    repeats++;
                }
            }

            if (page.ItemCount < pageSize)
            {
                yield break;
            }

            if (repeats == page.ItemCount)
            {
                Log.PageRepeated(_logger, pageNumber, LogText.Safe(Path));
                yield break;
            }

            // A full page that adds no new usable row (only nulls, malformed rows or repeats) may be a proxy that
            // ignores `page`: a few in a row could be honest gaps, more are taken as the end.
            barrenPages = page.Rows.Count == repeats ? barrenPages + 1 : 0;
            if (barrenPages >= MaxBarrenPages)
            {
                Log.ListingStalled(_logger, pageNumber, LogText.Safe(Path), barrenPages);
                yield break;
            }
        }
    }

    private async Task<SpendLogPage> FetchPageAsync(SpendLogQuery query, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string?>>
        {
            new("start_date", FormatDate(query.From, roundUp: false)),
            new("end_date", FormatDate(query.To, roundUp: true)),
            new("page", pageNumber.ToString(CultureInfo.InvariantCulture)),
            new("page_size", pageSize.ToString(CultureInfo.InvariantCulture)),
            new("request_id", query.RequestId),
            new("user_id", query.UserId),
            new("team_id", query.TeamId),
            new("model", query.Model),
            new("key_alias", query.KeyAlias),
            new("session_id", query.SessionId),
            new("status_filter", query.Status),
            new("api_key", query.ApiKeyHash),
            new("end_user", query.EndUser),
        };

        try
        {
            using var request = CreateRequest(parameters);
            using var response = await _httpClient
                .SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var failure = await DescribeStatusAsync(response, cancellationToken).ConfigureAwait(false);
                Log.PageFailedStatus(_logger, pageNumber, LogText.Safe(Path), status, failure.Detail);
                throw new SpendLogRequestException(
                    string.Create(CultureInfo.InvariantCulture, $"LiteLLM answered HTTP {status} for spend-log page {pageNumber} at {LogText.Safe(Path)}: {failure.Detail}."),
                    failure.Kind,
                    response.StatusCode)
                {
                    RetryAfter = failure.RetryAfter,
                };
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

            try
            {
                var page = SpendLogPage.Parse(body);
                LogSkippedRows(page, status);
                return page;
            }
            catch (Exception ex) when (ex is JsonException or SpendLogFormatException)
            {
                var reason = LogText.Safe(ex.Message);
                Log.ResponseMalformed(_logger, LogText.Safe(Path), status, reason);
                throw new SpendLogRequestException(
                    string.Create(CultureInfo.InvariantCulture, $"Spend-log page {pageNumber} at {LogText.Safe(Path)} was malformed: {reason}"),
                    SpendLogFailureKind.MalformedResponse,
                    response.StatusCode,
                    ex);
            }
        }
        catch (HttpRequestException ex) when (IsTooLarge(ex))
        {
            Log.ResponseTooLarge(_logger, LogText.Safe(Path), LiteLLM.MaxResponseBytes);
            throw new SpendLogRequestException(
                string.Create(CultureInfo.InvariantCulture, $"Spend-log page {pageNumber} at {LogText.Safe(Path)} was larger than {LiteLLM.MaxResponseBytes} bytes."),
                SpendLogFailureKind.ResponseTooLarge,
                statusCode: null,
                ex);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            Log.PageFailedTransport(_logger, pageNumber, LogText.Safe(Path), FailureKind(ex), ex);
            throw new SpendLogRequestException(
                string.Create(CultureInfo.InvariantCulture, $"Spend-log page {pageNumber} at {LogText.Safe(Path)} could not be read: {FailureKind(ex)}."),
                TransportFailureKind(ex),
                statusCode: null,
                ex);
        }
    }

    private static DateTimeOffset SafeAdd(DateTimeOffset value, TimeSpan delta)
    {
        var ticks = value.UtcTicks + delta.Ticks;
        ticks = Math.Clamp(ticks, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks);
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}
