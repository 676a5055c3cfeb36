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
/// in the breakdown, see <see cref="CostBreakdownMerger.ExtractRequestId"/>), or UsageAnalytics disabled. Not yet
/// available: younger than <c>UsageAnalytics:Sync:MinimumAge</c> (default 1 minute, measured with the injected
/// <see cref="TimeProvider"/>; not looked up), or the lookup answered <see cref="SpendLogLookupStatus.NotFound"/>.
/// Failed, with a <see cref="SyncFailure"/> whose <see cref="SyncFailure.Kind"/> is a <see cref="SpendLogFailureKind"/>:
/// the lookup failed (its own kind: HTTP status, timeout, network, open circuit, too large, malformed response or row;
/// see <see cref="ISpendLogClient.LookupAsync"/>), the client threw (the kind of a <see cref="SpendLogRequestException"/>,
/// otherwise the closest kind or <see cref="SpendLogFailureKind.Other"/>), the merger refused the row
/// (<see cref="SpendLogFailureKind.RequestIdMismatch"/>, <see cref="SpendLogFailureKind.CurrencyMismatch"/>) or could not
/// read it (<see cref="SpendLogFailureKind.MalformedCostBreakdown"/>, including an actual cost out of the
/// <see cref="decimal"/> range; <see cref="SpendLogFailureKind.MalformedSpendLog"/>), the merger threw anything else
/// (<see cref="SpendLogFailureKind.Other"/>), or the callback threw (<see cref="SpendLogFailureKind.CallbackFailed"/>).
/// An exception while processing one row is that row's failure, never the run's; only the caller's cancellation stops it.
/// Actualized: the callback returned. Failed rows stay unactualized, so a later run tries them again.
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
    /// <returns>The counts of the run.</returns>
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
    /// <returns>The counts of the run.</returns>
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
        var run = new Run(this, onUpdated, progress, cancellationToken);
        try
        {
            await loop(run).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.WasCanceled = true;
        }

        return run.Finish();
    }
}
