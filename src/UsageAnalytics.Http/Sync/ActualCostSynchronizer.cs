using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sync;

/// <summary>
/// Gives usage rows their actual cost: looks each one up in LiteLLM's spend log with bounded concurrency, merges it
/// with the <see cref="CostBreakdownMerger"/>, and hands every updated row to a caller callback to store.
/// </summary>
/// <remarks>
/// <para>
/// Each row read is settled in exactly one <see cref="SyncResult"/> count. Skipped: already actualized (an
/// <see cref="UsageRecord.ActualCost"/> is present), no request id (neither <see cref="UsageRecord.RequestId"/> nor one
/// in the breakdown, see <see cref="CostBreakdownMerger.ExtractRequestId"/>; a response-cache hit too), or
/// UsageAnalytics disabled. Not yet available: younger than <c>UsageAnalytics:Sync:MinimumAge</c> (default 1 minute,
/// measured with the injected <see cref="TimeProvider"/>; not looked up), or the lookup answered
/// <see cref="SpendLogLookupStatus.NotFound"/> for a row that is not a response-cache hit.
/// Failed, with a <see cref="SyncFailure"/> whose <see cref="SyncFailure.Kind"/> is a <see cref="SpendLogFailureKind"/>:
/// the lookup failed (its own kind: HTTP status, timeout, network, open circuit, too large, malformed response or row;
/// see <see cref="ISpendLogClient.LookupAsync"/>), the client threw (the kind of a <see cref="SpendLogRequestException"/>,
/// otherwise the closest kind or <see cref="SpendLogFailureKind.Other"/>), the merger refused the row
/// (<see cref="SpendLogFailureKind.RequestIdMismatch"/>, <see cref="SpendLogFailureKind.CurrencyMismatch"/>) or could not
/// read it (<see cref="SpendLogFailureKind.MalformedCostBreakdown"/>, including an actual cost out of the
/// <see cref="decimal"/> range; <see cref="SpendLogFailureKind.MalformedSpendLog"/>), the merger threw anything else
/// (<see cref="SpendLogFailureKind.Other"/>), or the callback threw (<see cref="SpendLogFailureKind.CallbackFailed"/>).
/// An exception while processing one row is that row's failure, never the run's; only the caller's cancellation and the
/// stop below end it. Actualized: the callback returned (<see cref="SyncResult.TokenRepairedRows"/> of them merged a row
/// whose token counts were normalised when read, <see cref="SpendLogEntry.TokenRepairs"/>). Failed rows stay
/// unactualized, so a later run tries them again.
/// </para>
/// <para>
/// The id looked up is the record's <see cref="UsageRecord.RequestId"/>, else the first one in its breakdown: a LiteLLM
/// request id (<see cref="CostMergeOptions.RequestIdPaths"/>) or call id (<see cref="CostMergeOptions.CallIdPaths"/>,
/// the <c>x-litellm-call-id</c> header). The row found may be keyed by the provider's response id as long as its
/// <c>litellm_call_id</c> is the id asked for (<see cref="SpendLogEntry.IsFor"/>).
/// </para>
/// <para>
/// Response-cache hits (<see cref="UsageRecord.CacheHit"/>; LiteLLM charges nothing for one and logs it as its own row,
/// spend 0, request id suffixed <c>_cache_hit&lt;unix time&gt;</c>) are never charged another call's spend. A hit is
/// looked up like any row. When the row found is the hit's own, it merges as usual (LLM cost 0). When the record's flag
/// (true or false) disagrees with the row's <see cref="SpendLogEntry.CacheHit"/> (a hit record finds the original call's
/// row, which an app's record of a hit may point to; or a record that says it was no hit finds a hit row), the row's
/// spend is not copied: the merger settles the LLM part at 0 (<see cref="CostMergeStatus.CacheHitSettled"/>,
/// <c>cost_coverage</c> = <see cref="CostMergeOptions.CacheHitCoverageLabel"/>) and a Warning (event 2010) names the
/// request id and both flags. A hit whose lookup finds no row is settled the same way with
/// <see cref="CostBreakdownMerger.SettleCacheHit"/> and counted as actualized, not as not-yet-available: its own row is
/// keyed by an id the record does not know, and nothing is charged for it anyway. A hit record without any id is skipped:
/// with no lookup there is no evidence about it at all, and a settled breakdown without an id could not be told apart
/// from another later. Every row settled at 0 this way counts in <see cref="SyncResult.CacheHitsSettled"/> as well as in
/// <see cref="SyncResult.Actualized"/>; a record whose flag is unknown (<see langword="null"/>) merges the row's spend.
/// </para>
/// <para>
/// A rejected key stops the run: when the first <c>N</c> lookups to complete, <c>N</c> = min(3, rows looked up), all
/// failed with HTTP 401 or 403 (a returned failure or a thrown exception carrying that status; rows skipped or too young
/// make no lookup and do not count), every other lookup would fail the same way, so no further row is read or looked up.
/// Lookups already under way finish and their rows are counted; a row read at that instant but not yet looked up fails
/// with the stopping status and a message that begins "not looked up"; rows never read are in no count, as after a
/// cancellation. <see cref="SyncResult.StopReason"/> says "LiteLLM rejected the API key (HTTP 401 Unauthorized: ...)"
/// with the server's message (never the key), and one Error (event 2011) is logged. A 401 or 403 after any lookup of
/// the run succeeded, found nothing or failed otherwise is an ordinary row failure, and the run goes on.
/// </para>
/// <para>
/// Running the sync again over the stored rows changes nothing: updated rows are already actualized and skipped.
/// Cancellation does not throw: the run stops, waits for the lookups in flight, and returns the counts so far with
/// <see cref="SyncResult.WasCanceled"/> set. An exception thrown while enumerating the input propagates.
/// </para>
/// </remarks>
public sealed partial class ActualCostSynchronizer
{
    private readonly ISpendLogClient _spendLogClient;
    private readonly CostBreakdownMerger _merger;
    private readonly UsageAnalyticsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="ActualCostSynchronizer"/> class.</summary>
    /// <param name="spendLogClient">The spend-log client.</param>
    /// <param name="merger">The merger of spend logs into rows.</param>
    /// <param name="options">The options: <c>Enabled</c>, <c>Sync:MaxConcurrency</c> and <c>Sync:MinimumAge</c> are read.</param>
    /// <param name="timeProvider">The clock that measures row age.</param>
    /// <param name="logger">The logger of failed rows and of each run's counts.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (the message names the configuration key to fix).</exception>
    public ActualCostSynchronizer(
        ISpendLogClient spendLogClient,
        CostBreakdownMerger merger,
        IOptions<UsageAnalyticsOptions> options,
        TimeProvider timeProvider,
        ILogger<ActualCostSynchronizer> logger)
    {
        ArgumentNullException.ThrowIfNull(spendLogClient);
        ArgumentNullException.ThrowIfNull(merger);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _spendLogClient = spendLogClient;
        _merger = merger;
        _options = UsageAnalyticsOptionsValidator.EnsureValid(options.Value, nameof(options));
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Synchronizes the actual cost of usage rows.</summary>
    /// <param name="records">The rows; ones that need no lookup are counted and skipped.</param>
    /// <param name="onUpdated">
    /// Called once per updated row (with <see cref="UsageRecord.ActualCost"/> and <see cref="UsageRecord.CostBreakdown"/>
    /// set) to store it; called concurrently, up to <c>UsageAnalytics:Sync:MaxConcurrency</c> at once. If it throws,
    /// the row counts as failed.
    /// </param>
    /// <param name="progress">Receives a snapshot after each settled row, or <see langword="null"/>; keep <see cref="IProgress{T}.Report"/> cheap.</param>
    /// <param name="cancellationToken">A token that stops the run (the result then has <see cref="SyncResult.WasCanceled"/> set).</param>
    /// <returns>
    /// The counts of the run; <see cref="SyncResult.StopReason"/> is set when LiteLLM rejected the key and the run stopped
    /// (see the remarks on the class). Never throws for a rejected key.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> or <paramref name="onUpdated"/> is <see langword="null"/>.</exception>
#pragma warning disable RS0026 // The overloads differ in their first parameter's type, so no call is ambiguous.
    public Task<SyncResult> SynchronizeAsync(
#pragma warning restore RS0026
        IEnumerable<UsageRecord> records,
        Func<UsageRecord, CancellationToken, ValueTask> onUpdated,
        IProgress<SyncProgress>? progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(onUpdated);
        return RunAsync(run => Parallel.ForEachAsync(records, run.ParallelOptions, run.ProcessAsync), onUpdated, progress, cancellationToken);
    }

    /// <summary>Synchronizes the actual cost of usage rows streamed from an asynchronous source.</summary>
    /// <param name="records">The rows; ones that need no lookup are counted and skipped.</param>
    /// <param name="onUpdated">
    /// Called once per updated row (with <see cref="UsageRecord.ActualCost"/> and <see cref="UsageRecord.CostBreakdown"/>
    /// set) to store it; called concurrently, up to <c>UsageAnalytics:Sync:MaxConcurrency</c> at once. If it throws,
    /// the row counts as failed.
    /// </param>
    /// <param name="progress">Receives a snapshot after each settled row, or <see langword="null"/>; keep <see cref="IProgress{T}.Report"/> cheap.</param>
    /// <param name="cancellationToken">A token that stops the run (the result then has <see cref="SyncResult.WasCanceled"/> set).</param>
    /// <returns>
    /// The counts of the run; <see cref="SyncResult.StopReason"/> is set when LiteLLM rejected the key and the run stopped
    /// (see the remarks on the class). Never throws for a rejected key.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> or <paramref name="onUpdated"/> is <see langword="null"/>.</exception>
#pragma warning disable RS0026 // The overloads differ in their first parameter's type, so no call is ambiguous.
    public Task<SyncResult> SynchronizeAsync(
#pragma warning restore RS0026
        IAsyncEnumerable<UsageRecord> records,
        Func<UsageRecord, CancellationToken, ValueTask> onUpdated,
        IProgress<SyncProgress>? progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(onUpdated);
        return RunAsync(run => Parallel.ForEachAsync(records, run.ParallelOptions, run.ProcessAsync), onUpdated, progress, cancellationToken);
    }

    private async Task<SyncResult> RunAsync(
        Func<Run, Task> loop,
        Func<UsageRecord, CancellationToken, ValueTask> onUpdated,
        IProgress<SyncProgress>? progress,
        CancellationToken cancellationToken)
    {
        using var run = new Run(this, onUpdated, progress, cancellationToken);
        try
        {
            await loop(run).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || run.IsStopped)
        {
            // A stop (the key was rejected) ends the loop the same way, but only the caller's token makes it a cancellation.
            run.WasCanceled = cancellationToken.IsCancellationRequested;
        }

        return run.Finish();
    }
}
