using System.Net;
using Microsoft.Extensions.Logging;

namespace UsageAnalytics.LiteLLM;

/// <content>Picking the requested row out of a lookup's answer.</content>
public sealed partial class LiteLLMSpendLogClient
{
    /// <summary>Picks the requested row out of a readable response (see <see cref="LookupAsync"/> for the rules).</summary>
    private SpendLogLookup Match(SpendLogPage page, string requestId, HttpStatusCode statusCode)
    {
        // The row keyed by the id itself first; else the row whose LiteLLM call id it is (newer proxies answer a
        // request_id lookup with the row keyed by the provider's id when the id asked for is the x-litellm-call-id).
        foreach (var row in page.Rows)
        {
            if (string.Equals(row.RequestId, requestId, StringComparison.Ordinal))
            {
                return SpendLogLookup.Found(row);
            }
        }

        foreach (var row in page.Rows)
        {
            if (row.IsFor(requestId))
            {
                return SpendLogLookup.Found(row);
            }
        }

        string? reason = null;
        foreach (var malformed in page.MalformedRows)
        {
            if (string.Equals(malformed.RequestId, requestId, StringComparison.Ordinal)
                || string.Equals(malformed.LiteLLMCallId, requestId, StringComparison.Ordinal))
            {
                reason = "the request's spend-log row is malformed: " + malformed.Reason;
                break;
            }

            if (malformed.RequestId is null)
            {
                reason ??= "the response holds a malformed row without a readable request id, which may be the request's: " + malformed.Reason;
            }
        }

        if (reason is not null)
        {
            reason = LogText.Safe(reason);
            Log.FetchRowMalformed(_logger, LogText.Safe(requestId), LogText.Safe(Path), (int)statusCode, reason);
            return SpendLogLookup.Failed(SpendLogFailureKind.MalformedSpendLog, "LiteLLM's answer from " + LogText.Safe(Path) + " is unusable: " + reason, statusCode);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var safeId = LogText.Safe(requestId);
            Log.FetchNotFound(_logger, safeId);
        }

        return SpendLogLookup.NotFound;
    }

    /// <summary>One Warning per response for its malformed rows (a count and the first reason), never one per row.</summary>
    private void LogSkippedRows(SpendLogPage page, int statusCode)
    {
        if (page.MalformedRows.Count > 0)
        {
            Log.RowsSkipped(_logger, page.MalformedRows.Count, LogText.Safe(Path), statusCode, LogText.Safe(page.MalformedRows[0].Reason));
        }
    }
}
