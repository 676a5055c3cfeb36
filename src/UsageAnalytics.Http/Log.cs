using Microsoft.Extensions.Logging;

namespace UsageAnalytics;

/// <summary>
/// Every log message of UsageAnalytics.Http, source-generated, with stable event ids. No message carries the API
/// key: requests are described by their path and request id only, never by their headers or full URL. Every value
/// that came from outside (request ids, reasons quoting a response, a server's error message, a redirect's host) goes
/// through <see cref="LogText.Safe"/> first: shortened, control characters escaped.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "LiteLLM spend-log lookup of request {RequestId} at {Path} failed with HTTP status {StatusCode}: {Detail}")]
    public static partial void FetchFailedStatus(ILogger logger, string requestId, string path, int statusCode, string detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "LiteLLM spend-log lookup of request {RequestId} at {Path} failed without a response (status none): {FailureKind}.")]
    public static partial void FetchFailedTransport(ILogger logger, string requestId, string path, string failureKind, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "LiteLLM spend-log response from {Path} was larger than {MaxResponseBytes} bytes (the HTTP client's response buffer limit) and was discarded.")]
    public static partial void ResponseTooLarge(ILogger logger, string path, long maxResponseBytes);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning,
        Message = "LiteLLM spend-log response from {Path} (HTTP status {StatusCode}) was malformed: {Reason}")]
    public static partial void ResponseMalformed(ILogger logger, string path, int statusCode, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning,
        Message = "Skipped {Count} malformed LiteLLM spend-log row(s) from {Path} (HTTP status {StatusCode}); the first: {Reason}")]
    public static partial void RowsSkipped(ILogger logger, int count, string path, int statusCode, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug,
        Message = "LiteLLM has no spend-log row for request {RequestId} (yet).")]
    public static partial void FetchNotFound(ILogger logger, string requestId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning,
        Message = "LiteLLM spend-log page {Page} from {Path} failed with HTTP status {StatusCode}: {Detail}")]
    public static partial void PageFailedStatus(ILogger logger, int page, string path, int statusCode, string detail);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning,
        Message = "LiteLLM spend-log page {Page} from {Path} failed without a response (status none): {FailureKind}.")]
    public static partial void PageFailedTransport(ILogger logger, int page, string path, string failureKind, Exception exception);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning,
        Message = "LiteLLM spend-log page {Page} from {Path} repeated only rows already seen; the listing of this window stops here (the proxy may ignore paging).")]
    public static partial void PageRepeated(ILogger logger, int page, string path);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug,
        Message = "UsageAnalytics is disabled (UsageAnalytics:Enabled = false); the spend-log lookup of request {RequestId} was not made.")]
    public static partial void FetchDisabled(ILogger logger, string requestId);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning,
        Message = "LiteLLM spend-log lookup of request {RequestId} at {Path} (HTTP status {StatusCode}) failed: {Reason}.")]
    public static partial void FetchRowMalformed(ILogger logger, string requestId, string path, int statusCode, string reason);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning,
        Message = "LiteLLM spend-log pages up to {Page} from {Path} added no usable row {BarrenPages} times in a row; the listing of this window stops here (the proxy may ignore paging or send only null or malformed rows).")]
    public static partial void ListingStalled(ILogger logger, int page, string path, int barrenPages);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug,
        Message = "LiteLLM spend-log window {From} to {To} at {Path} holds {Total} rows or more (LiteLLM caps the count at 10,000); it is split at {Middle} and read in two halves.")]
    public static partial void WindowSplit(ILogger logger, string from, string to, long total, string middle, string path);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning,
        Message = "LiteLLM spend-log window {From} to {To} at {Path} holds {Total} rows or more within one second; it cannot be split and is paged past offset 10,000 (slow on the proxy). Logged once per listing.")]
    public static partial void WindowPagedDeep(ILogger logger, string from, string to, long total, string path);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning,
        Message = "LiteLLM spend-log window {From} to {To} at {Path}: page {Page} was still full, past the {MaxPages} pages its total of {Total} rows needs at {PageSize} a page (with slack for rows arriving while it is read); the listing of this window stops here (the proxy may ignore paging).")]
    public static partial void WindowPageLimit(ILogger logger, string from, string to, string path, int page, long total, int pageSize, long maxPages);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Actual-cost sync finished: {Total} rows, {Actualized} actualized, {NotYetAvailable} not yet available, {Skipped} skipped, {Failed} failed, canceled {WasCanceled}.")]
    public static partial void SyncFinished(ILogger logger, int total, int actualized, int notYetAvailable, int skipped, int failed, bool wasCanceled);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Actual-cost sync could not update the row of request {RequestId}: {Reason}.")]
    public static partial void SyncRowFailed(ILogger logger, string? requestId, string reason, Exception? exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "UsageAnalytics is disabled (UsageAnalytics:Enabled = false); the actual-cost sync skips every row.")]
    public static partial void SyncDisabled(ILogger logger);
}
