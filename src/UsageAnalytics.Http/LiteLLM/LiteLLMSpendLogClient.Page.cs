using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace UsageAnalytics.LiteLLM;

/// <content>Reading one page of a listing window, and whether a page is worth splitting its window for.</content>
public sealed partial class LiteLLMSpendLogClient
{
    /// <summary>
    /// Whether a first page that reports a large total is worth splitting its window for: it is full (a short page holds
    /// the whole window, whatever <c>total</c> claims), most of its items are rows with a <c>startTime</c> (at least one),
    /// and all of those lie in the window (give or take a second), so the proxy does filter on it. A proxy that ignores
    /// the window, or answers with <c>null</c> items, malformed rows or rows without a <c>startTime</c>, would answer
    /// every half the same way, and splitting down to single seconds would only multiply requests; its window is paged
    /// as before, under the stop rules.
    /// </summary>
    private static bool IsHonestFullPage(SpendLogPage page, SpendLogWindow window, int pageSize)
    {
        if (page.ItemCount < pageSize)
        {
            return false;
        }

        // Clamped: a window may start at DateTimeOffset.MinValue or end at MaxValue.
        var from = SafeAdd(window.From, TimeSpan.FromSeconds(-1));
        var to = SafeAdd(window.To, TimeSpan.FromSeconds(1));
        var placed = 0;
        foreach (var row in page.Rows)
        {
            if (row.StartTime is not { } start)
            {
                continue;
            }

            if (start < from || start > to)
            {
                return false;
            }

            placed++;
        }

        // Rows that can be placed must be most of the page: vacuous truth over nulls proves nothing.
        return placed > 0 && placed > page.ItemCount - placed;
    }

    private async Task<SpendLogPage> FetchPageAsync(
        SpendLogQuery query,
        SpendLogWindow window,
        int pageNumber,
        int pageSize,
        SpendLogQuery? resumeQuery,
        CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string?>>
        {
            new("start_date", FormatDate(window.From, roundUp: false)),
            new("end_date", FormatDate(window.To, roundUp: true)),
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

        var where = string.Create(
            CultureInfo.InvariantCulture,
            $"spend-log page {pageNumber} of window {FormatDate(window.From, roundUp: false)} to {FormatDate(window.To, roundUp: true)} at {LogText.Safe(Path)}");
        try
        {
            using var request = CreateRequest(parameters);
            using var response = await _httpClient
                .SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var failure = await DescribeStatusAsync(response, pageSize, cancellationToken).ConfigureAwait(false);
                Log.PageFailedStatus(_logger, pageNumber, LogText.Safe(Path), status, failure.Detail);
                throw new SpendLogRequestException(
                    string.Create(CultureInfo.InvariantCulture, $"LiteLLM answered HTTP {status} ({response.StatusCode}) for {where}: {Sentence(failure.Detail)}"),
                    failure.Kind,
                    response.StatusCode)
                {
                    RetryAfter = failure.RetryAfter,
                    ResumeQuery = resumeQuery,
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
                throw Malformed(where, status, ex.Message, ex, resumeQuery);
            }
        }
        catch (LiteLLMMalformedBodyException ex)
        {
            // Still malformed after the pipeline's retries (LiteLLMResponseBufferHandler validates every success body).
            throw Malformed(where, (int)(ex.StatusCode ?? 0), ex.Reason, ex, resumeQuery);
        }
        catch (HttpRequestException ex) when (IsTooLarge(ex))
        {
            Log.ResponseTooLarge(_logger, LogText.Safe(Path), LiteLLM.MaxResponseBytes);
            throw new SpendLogRequestException(
                string.Create(CultureInfo.InvariantCulture, $"The {where} was larger than {LiteLLM.MaxResponseBytes} bytes."),
                SpendLogFailureKind.ResponseTooLarge,
                statusCode: null,
                ex)
            {
                ResumeQuery = resumeQuery,
            };
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            Log.PageFailedTransport(_logger, pageNumber, LogText.Safe(Path), FailureKind(ex), ex);
            throw new SpendLogRequestException(
                string.Create(CultureInfo.InvariantCulture, $"The {where} could not be read: {FailureKind(ex)}."),
                TransportFailureKind(ex),
                statusCode: null,
                ex)
            {
                ResumeQuery = resumeQuery,
            };
        }
    }

    private SpendLogRequestException Malformed(string where, int status, string reason, Exception cause, SpendLogQuery? resumeQuery)
    {
        var safe = LogText.Safe(reason);
        Log.ResponseMalformed(_logger, LogText.Safe(Path), status, safe);
        return new SpendLogRequestException(
            string.Create(CultureInfo.InvariantCulture, $"The {where} was malformed: {safe}"),
            SpendLogFailureKind.MalformedResponse,
            status == 0 ? null : (HttpStatusCode)status,
            cause)
        {
            ResumeQuery = resumeQuery,
        };
    }
}
