using Microsoft.Extensions.Logging;

// The one Log class of the assembly (Log.cs) is partial: its sync events 2010-2029 live here, beside the sync.
namespace UsageAnalytics;

/// <content>Log events of the actual-cost sync's trust rules: response-cache hits and the stop on a rejected key.</content>
internal static partial class Log
{
    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning,
        Message = "The usage row of request {RequestId} says response-cache hit {RecordCacheHit}, but LiteLLM's spend-log row {RowRequestId} says cache_hit {RowCacheHit}: that row's spend is not charged to this row (its LLM part is settled at 0 as a cache hit).")]
    public static partial void SyncCacheFlagDisagrees(ILogger logger, string requestId, string recordCacheHit, string rowRequestId, string rowCacheHit);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Error,
        Message = "Actual-cost sync stopped after its first {Lookups} lookup(s) all failed: {Reason}. No further row is looked up; lookups under way finish and rows not yet read are in no count. Check UsageAnalytics:LiteLLM:ApiKey (and the key's team scope), then run again.")]
    public static partial void SyncStopped(ILogger logger, int lookups, string reason);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information,
        Message = "Actual-cost sync settled {CacheHitsSettled} response-cache hit(s) at LLM cost 0 instead of charging another call's spend.")]
    public static partial void SyncCacheHitsSettled(ILogger logger, int cacheHitsSettled);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information,
        Message = "Actual-cost sync merged {TokenRepairedRows} row(s) whose LiteLLM token counts needed normalising (SpendLogEntry.TokenRepairs); their breakdowns hold the repaired counts.")]
    public static partial void SyncTokenRepairedRows(ILogger logger, int tokenRepairedRows);
}
