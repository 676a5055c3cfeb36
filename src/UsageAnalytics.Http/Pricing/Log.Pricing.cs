using Microsoft.Extensions.Logging;

// The one Log class of the assembly (Log.cs) is partial: its pricing events 3000-3019 live here, beside the loaders.
namespace UsageAnalytics;

/// <content>
/// Log events of price-book loading. A source is shown as <see cref="Pricing.PriceBookSource.Display"/> (a URL without
/// its user info, query or fragment); nothing logged carries the API key.
/// </content>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information,
        Message = "Price book loaded from {Source} in {ElapsedMilliseconds} ms; it is reloaded after {RefreshInterval}.")]
    public static partial void PriceBookLoaded(ILogger logger, string source, long elapsedMilliseconds, TimeSpan refreshInterval);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Price book reload from {Source} failed ({FailureKind}); the book loaded at {LoadedAt} stays in use and the reload is tried again after {RetryDelay}: {Reason}")]
    public static partial void PriceBookRefreshFailed(ILogger logger, string source, string failureKind, DateTimeOffset loadedAt, TimeSpan retryDelay, string reason, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Price book load from {Source} failed ({FailureKind}); no book is loaded, and callers get this failure until the load is tried again after {RetryDelay}: {Reason}")]
    public static partial void PriceBookLoadFailed(ILogger logger, string source, string failureKind, TimeSpan retryDelay, string reason, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "LiteLLM model info from {Path}: {Warning}")]
    public static partial void ModelInfoWarning(ILogger logger, string path, string warning);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "LiteLLM model info from {Path}: {More} more warning(s) not logged (see LiteLLMModelPrices.Warnings).")]
    public static partial void ModelInfoWarningsCut(ILogger logger, string path, int more);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug,
        Message = "LiteLLM model info from {Path}: {Deployments} deployment(s), {Priced} model name(s) priced by the proxy, {Mapped} mapped to a base model, {Warnings} warning(s).")]
    public static partial void ModelInfoRead(ILogger logger, string path, int deployments, int priced, int mapped, int warnings);
}
