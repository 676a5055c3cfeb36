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
/// read it (<see cref="SpendLogFailureKind.MalformedCostBreakdown"/>, <see cref="SpendLogFailureKind.MalformedSpendLog"/>),
/// or the callback threw (<see cref="SpendLogFailureKind.CallbackFailed"/>).
/// Actualized: the callback returned. Failed rows stay unactualized, so a later run tries them again.
/// </para>
/// <para>
/// Running the sync again over the stored rows changes nothing: updated rows are already actualized and skipped.
/// Cancellation does not throw: the run stops, waits for the lookups in flight, and returns the counts so far with
/// <see cref="SyncResult.WasCanceled"/> set. An exception thrown while enumerating the input propagates.
/// </para>
/// </remarks>
public sealed class ActualCostSynchronizer
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

    private enum Outcome
    {
        Actualized,
        NotYetAvailable,
        Skipped,
        Failed,
    }

    /// <summary>The state of one run: counters behind one lock, so every progress snapshot is consistent.</summary>
    private sealed class Run
    {
        private readonly ActualCostSynchronizer _owner;
        private readonly Func<UsageRecord, CancellationToken, ValueTask> _onUpdated;
        private readonly IProgress<SyncProgress>? _progress;
        private readonly CancellationToken _callerToken;
        private readonly object _gate = new();
        private readonly List<SyncFailure> _failures = [];
        private int _actualized;
        private int _notYetAvailable;
        private int _skipped;
        private int _failed;

        public Run(
            ActualCostSynchronizer owner,
            Func<UsageRecord, CancellationToken, ValueTask> onUpdated,
            IProgress<SyncProgress>? progress,
            CancellationToken callerToken)
        {
            _owner = owner;
            _onUpdated = onUpdated;
            _progress = progress;
            _callerToken = callerToken;
            Enabled = owner._options.Enabled;
            MinimumAge = owner._options.Sync.MinimumAge;
            ParallelOptions = new ParallelOptions
            {
                MaxDegreeOfParallelism = Enabled ? owner._options.Sync.MaxConcurrency : 1,
                CancellationToken = callerToken,
            };
            if (!Enabled)
            {
                Log.SyncDisabled(owner._logger);
            }
        }

        public ParallelOptions ParallelOptions { get; }

        public bool WasCanceled { get; set; }

        private bool Enabled { get; }

        private TimeSpan MinimumAge { get; }

        public async ValueTask ProcessAsync(UsageRecord record, CancellationToken cancellationToken)
        {
            if (record is null || !Enabled || record.IsActualized)
            {
                Settle(Outcome.Skipped);
                return;
            }

            var requestId = record.HasRequestId ? record.RequestId! : _owner._merger.ExtractRequestId(record.CostBreakdown);
            if (requestId is null)
            {
                Settle(Outcome.Skipped);
                return;
            }

            if (_owner._timeProvider.GetUtcNow() - record.Timestamp < MinimumAge)
            {
                Settle(Outcome.NotYetAvailable);
                return;
            }

            SpendLogLookup lookup;
            try
            {
                lookup = await _owner._spendLogClient.LookupAsync(requestId, record.Timestamp, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!IsCallerCancellation(ex))
            {
                var (kind, status) = ex switch
                {
                    SpendLogRequestException request => (request.Kind, request.StatusCode),
                    SpendLogFormatException => (SpendLogFailureKind.MalformedSpendLog, null),
                    HttpRequestException http => (SpendLogFailureKind.Network, http.StatusCode),
                    TimeoutException or OperationCanceledException => (SpendLogFailureKind.Timeout, null),
                    _ => (SpendLogFailureKind.Other, (System.Net.HttpStatusCode?)null),
                };
                Fail(record, requestId, kind, Describe(ex), ex, status);
                return;
            }

            if (lookup is null || lookup.Status == SpendLogLookupStatus.Failed)
            {
                Fail(record, requestId, lookup?.FailureKind ?? SpendLogFailureKind.Other, DescribeLookupFailure(lookup), exception: null, lookup?.StatusCode);
                return;
            }

            if (lookup.Status != SpendLogLookupStatus.Found || lookup.Entry is not { } spendLog)
            {
                Settle(Outcome.NotYetAvailable);
                return;
            }

            CostMergeResult merge;
            try
            {
                merge = _owner._merger.Merge(record, spendLog);
            }
            catch (CostBreakdownException ex)
            {
                Fail(record, requestId, SpendLogFailureKind.MalformedCostBreakdown, ex.Message, ex);
                return;
            }
            catch (SpendLogFormatException ex)
            {
                Fail(record, requestId, SpendLogFailureKind.MalformedSpendLog, ex.Message, ex);
                return;
            }

            if (!merge.IsMerged || merge.Record is null)
            {
                Fail(
                    record,
                    requestId,
                    merge.Status switch
                    {
                        CostMergeStatus.RequestIdMismatch => SpendLogFailureKind.RequestIdMismatch,
                        CostMergeStatus.CurrencyMismatch => SpendLogFailureKind.CurrencyMismatch,
                        _ => SpendLogFailureKind.Other,
                    },
                    string.Create(CultureInfo.InvariantCulture, $"the merger refused the spend log ({merge.Status})"),
                    exception: null);
                return;
            }

            try
            {
                await _onUpdated(merge.Record, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!IsCallerCancellation(ex))
            {
                Fail(record, requestId, SpendLogFailureKind.CallbackFailed, "the callback threw " + Describe(ex), ex);
                return;
            }

            Settle(Outcome.Actualized);
        }

        public SyncResult Finish()
        {
            lock (_gate)
            {
                var result = new SyncResult
                {
                    Actualized = _actualized,
                    NotYetAvailable = _notYetAvailable,
                    Skipped = _skipped,
                    Failed = _failed,
                    WasCanceled = WasCanceled,
                    Failures = _failures.ToArray(),
                };
                Log.SyncFinished(_owner._logger, result.Total, result.Actualized, result.NotYetAvailable, result.Skipped, result.Failed, result.WasCanceled);
                return result;
            }
        }

        private static string Describe(Exception exception) => exception.GetType().Name + ": " + exception.Message;

        private static string DescribeLookupFailure(SpendLogLookup? lookup)
        {
            if (lookup is null)
            {
                return "the spend-log client returned no lookup result";
            }

            var kind = lookup.FailureKind?.ToString() ?? "unknown";
            var status = lookup.StatusCode is { } code
                ? string.Create(CultureInfo.InvariantCulture, $", HTTP {(int)code}")
                : string.Empty;
            return "the spend-log lookup failed (" + kind + status + "): " + (lookup.Message ?? "no message");
        }

        private bool IsCallerCancellation(Exception exception) =>
            exception is OperationCanceledException && _callerToken.IsCancellationRequested;

        private void Fail(
            UsageRecord record,
            string requestId,
            SpendLogFailureKind kind,
            string message,
            Exception? exception,
            System.Net.HttpStatusCode? statusCode = null)
        {
            Log.SyncRowFailed(_owner._logger, requestId, message, exception);
            Settle(Outcome.Failed, new SyncFailure { Record = record, RequestId = requestId, Kind = kind, StatusCode = statusCode, Message = message });
        }

        private void Settle(Outcome outcome, SyncFailure? failure = null)
        {
            lock (_gate)
            {
                switch (outcome)
                {
                    case Outcome.Actualized:
                        _actualized++;
                        break;
                    case Outcome.NotYetAvailable:
                        _notYetAvailable++;
                        break;
                    case Outcome.Skipped:
                        _skipped++;
                        break;
                    default:
                        _failed++;
                        _failures.Add(failure!);
                        break;
                }

                _progress?.Report(new SyncProgress
                {
                    Actualized = _actualized,
                    NotYetAvailable = _notYetAvailable,
                    Skipped = _skipped,
                    Failed = _failed,
                });
            }
        }
    }
}
